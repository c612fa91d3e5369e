// The baseline of tests/benchmarks/wrk_orders.sh: the cheapest cpp-httplib
// server that answers orders_service's `GET /` with the same fields and body,
// a string written by hand. Its connections are set up as the service's are
// (envelope::adapters::httplib_options' defaults: TCP_NODELAY, 1000 requests per
// keep-alive connection, 16 threads, a listen backlog of 1024, raised the way the
// router raises it), so that the ratio is the cost of what the
// service does per request. Prints its URL as its first line, as orders_service
// does, then serves until killed.
//
//   wrk_baseline [--port 0]

#include <httplib.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>

int main(int argc, char** argv) {
  int port = 0;
  if (argc == 3 && std::string_view(argv[1]) == "--port") port = std::atoi(argv[2]);

  static const std::string root =
      R"({"_links":{"curies":[{"href":"/docs/rels/{rel}","name":"ord","templated":true}],)"
      R"("orders":{"href":"/orders{?page,size}","templated":true},"self":{"href":"/"}},)"
      R"("name":"orders"})";

  httplib::Server server;
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(1000);
  socket_t listening = INVALID_SOCKET;
  server.set_socket_options([&listening](socket_t sock) {
    httplib::default_socket_options(sock);
    listening = sock;
  });
  server.new_task_queue = [&listening] {
    ::listen(listening, 1024);
    return new httplib::ThreadPool(16);
  };
  server.Get("/", [](const httplib::Request&, httplib::Response& response) {
    response.set_header("Vary", "Accept");
    response.set_content(root, "application/hal+json");
  });
  const int bound = port == 0                                ? server.bind_to_any_port("127.0.0.1")
                    : server.bind_to_port("127.0.0.1", port) ? port
                                                             : -1;
  if (bound < 0) {
    std::cerr << "wrk_baseline: cannot listen on port " << port << '\n';
    return 1;
  }
  std::cout << "http://127.0.0.1:" << bound << std::endl;
  return server.listen_after_bind() ? 0 : 1;
}
