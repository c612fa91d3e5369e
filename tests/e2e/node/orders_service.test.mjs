// A real HAL client against examples/orders_service: Ketting starts at "/",
// follows links and templates, creates an order and reads problems on a 4xx.
// ORDERS_SERVICE names the service binary; the test starts it on a free port.

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { Client, Problem, bearerAuth } from 'ketting';

const binary = process.env.ORDERS_SERVICE;
const writeToken = 'demo-write-token';
let service;
let url;

// Starts the service and resolves with the URL on its first line, or rejects
// after five seconds.
function start() {
  return new Promise((resolve, reject) => {
    service = spawn(binary, ['--port', '0', '--db', ':memory:'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const timer = setTimeout(() => reject(new Error('the service printed no URL in time')), 5000);
    service.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    service.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the service exited (${code}) before printing its URL`));
    });
    createInterface({ input: service.stdout }).once('line', (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
  });
}

before(async () => {
  assert.ok(binary, 'set ORDERS_SERVICE to the orders_service binary');
  url = await start();
});

after(() => {
  if (service && service.exitCode === null) service.kill('SIGTERM');
});

// A client that writes, and one that only reads, each with its own cache.
function writer() {
  const client = new Client(url);
  client.use(bearerAuth(writeToken));
  return client;
}

test('follows orders from the root by expanding its template', { timeout: 10000 }, async () => {
  const client = new Client(url);
  const page = await client.go('/').follow('orders', { page: 0, size: 5 });
  assert.equal(new URL(page.uri).pathname + new URL(page.uri).search, '/orders?page=0&size=5');
  const state = await page.get();
  // The page offers a template, and Ketting prefers HAL-FORMS when it is offered.
  assert.equal(state.contentHeaders().get('Content-Type'), 'application/prs.hal-forms+json');
  assert.equal(state.data.page.size, 5);
  assert.ok(state.links.has('first'));
});

test('creates an order, follows Location, finds it embedded in a page', { timeout: 10000 }, async () => {
  const client = writer();
  const orders = await client.go('/').follow('orders');
  const created = await orders.postFollow({ data: { item: 'gizmo', quantity: 3 } });
  assert.match(new URL(created.uri).pathname, /^\/orders\/\d+$/);
  const order = await created.get();
  assert.equal(order.data.item, 'gizmo');
  assert.equal(order.data.quantity, 3);
  assert.ok(order.links.has('ord:shipments'));

  const page = await client.go('/').follow('orders', { page: 0, size: 100 });
  const state = await page.get();
  const embedded = state.getEmbedded();
  assert.ok(embedded.length >= 1);
  assert.ok(embedded.some((item) => item.uri === created.uri && item.data.item === 'gizmo'));
  const items = await page.followAll('orders');
  assert.ok(items.some((item) => item.uri === created.uri));
});

test('surfaces a problem\'s title and detail on a 4xx', { timeout: 10000 }, async () => {
  const client = new Client(url);
  await assert.rejects(client.go('/orders/987654').get(), (error) => {
    assert.ok(error instanceof Problem);
    assert.equal(error.status, 404);
    assert.equal(error.body.title, 'Not Found');
    assert.equal(error.body.detail, 'There is no order 987654.');
    assert.equal(error.message, 'HTTP Error 404: Not Found');
    return true;
  });

  const orders = await writer().go('/').follow('orders');
  await assert.rejects(orders.post({ data: { quantity: 1 } }), (error) => {
    assert.ok(error instanceof Problem);
    assert.equal(error.status, 400);
    assert.equal(error.body.title, 'Bad Request');
    assert.equal(error.body.detail, 'Request failed validation');
    assert.deepEqual(
      error.body.errors.map((e) => [e.title, e.detail]),
      [['invalid_type', '`body.item` is `undefined`, but `string` is expected.']],
    );
    return true;
  });

  const anonymous = await new Client(url).go('/').follow('orders');
  await assert.rejects(anonymous.post({ data: { item: 'widget', quantity: 1 } }), (error) => {
    assert.ok(error instanceof Problem);
    assert.equal(error.status, 401);
    assert.equal(error.body.title, 'Unauthorized');
    assert.ok(error.body.detail.length > 0);
    assert.match(error.response.headers.get('WWW-Authenticate'), /^Bearer /);
    return true;
  });
});

// The HAL-FORMS templates, through Ketting's actions API: the collection's
// default action creates an order, and an order offers ship and cancel only
// while it is placed.
test('submits the templates the service offers as an order moves', { timeout: 15000 }, async () => {
  const client = writer();
  const orders = await client.go('/').follow('orders');
  const collection = await orders.get();
  assert.ok(collection.hasAction('default'));
  const create = collection.action();
  assert.equal(create.method, 'POST');
  assert.equal(create.contentType, 'application/json');
  assert.equal(new URL(create.uri).pathname, '/orders');
  const item = create.field('item');
  assert.equal(item.type, 'select');
  assert.deepEqual(Object.keys(item.options), ['widget', 'gadget', 'gizmo']);
  assert.equal(create.field('quantity').type, 'number');
  assert.equal(create.field('quantity').min, 1);
  assert.equal(create.field('quantity').max, 100);

  // A choice that is not offered is refused in the conventions' words.
  await assert.rejects(create.submit({ item: 'sprocket', quantity: 1 }), (error) => {
    assert.ok(error instanceof Problem);
    assert.equal(error.status, 400);
    assert.deepEqual(error.body.errors.map((e) => [e.title, e.pointer]), [['invalid_enum_value', '/item']]);
    return true;
  });

  const created = await create.submit({ item: 'widget', quantity: 2 });
  assert.equal(created.data.status, 'placed');
  assert.equal(created.data.item, 'widget');
  const placed = await client.go(created.links.get('self').href).refresh();
  assert.deepEqual(placed.actions().map((a) => a.name).sort(), ['cancel', 'ship']);
  assert.equal(placed.action('ship').method, 'POST');
  assert.equal(placed.action('cancel').method, 'DELETE');

  const started = await placed.action('ship').submit({});
  assert.ok(started.links.has('monitor'));
  const shipping = await client.go(created.links.get('self').href).refresh();
  assert.notEqual(shipping.data.status, 'placed');
  assert.equal(shipping.hasAction('ship'), false);
  assert.equal(shipping.hasAction('cancel'), false);
  assert.deepEqual(shipping.actions(), []);

  // Another order is cancelled through its action, and is gone.
  const other = await create.submit({ item: 'gadget', quantity: 1 });
  const otherState = await client.go(other.links.get('self').href).refresh();
  await otherState.action('cancel').submit({});
  await assert.rejects(client.go(other.links.get('self').href).refresh(), (error) => {
    assert.ok(error instanceof Problem);
    assert.equal(error.status, 404);
    return true;
  });
});
