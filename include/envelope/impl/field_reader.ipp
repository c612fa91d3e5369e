#ifndef ENVELOPE_IMPL_FIELD_READER_IPP
#define ENVELOPE_IMPL_FIELD_READER_IPP

#include <envelope/field_reader.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>

namespace envelope {

ENVELOPE_INLINE field_reader::found field_reader::find(std::string_view where) {
  // A plain name is one member of this reader's object; a pointer walks from it.
  std::vector<std::string> tokens;
  if (!where.empty() && where[0] == '/') {
    std::size_t i = 1;
    while (true) {
      const std::size_t end = where.find('/', i);
      const std::string_view raw =
          where.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i);
      std::string token;
      for (std::size_t k = 0; k < raw.size(); ++k) {
        if (raw[k] == '~' && k + 1 < raw.size() && (raw[k + 1] == '0' || raw[k + 1] == '1')) {
          token += raw[k + 1] == '0' ? '~' : '/';
          ++k;
        } else {
          token += raw[k];
        }
      }
      tokens.push_back(std::move(token));
      if (end == std::string_view::npos) break;
      i = end + 1;
    }
  } else {
    tokens.emplace_back(where);
  }
  // RFC 6901 §4: "-" names the item after an array's last, which never exists.
  for (const std::string& token : tokens) {
    if (token == "-" && where[0] == '/') {
      throw argument_error("field_reader: the pointer \"" + std::string(where) +
                           "\" has the token \"-\", which names no value that can be read");
    }
  }
  if (std::find(read_.begin(), read_.end(), tokens.front()) == read_.end()) {
    read_.push_back(tokens.front());
  }

  found f{value_, base_, false};
  for (std::size_t t = 0; t < tokens.size(); ++t) {
    const std::string& token = tokens[t];
    const nlohmann::json& here = *f.value;
    const std::string parent = f.pointer;
    f.pointer = validation::child(parent, token);
    if (here.is_object()) {
      const auto it = here.find(token);
      if (it == here.end()) {
        for (std::size_t rest = t + 1; rest < tokens.size(); ++rest) {
          f.pointer = validation::child(f.pointer, tokens[rest]);
        }
        f.value = nullptr;
        return f;
      }
      f.value = &*it;
    } else if (here.is_array()) {
      bool digits = !token.empty();
      for (const char c : token) {
        if (c < '0' || c > '9') digits = false;
      }
      // RFC 6901 §4: an index has no leading zeros; "01" can only be a member name.
      if (!digits || (token.size() > 1 && token[0] == '0')) {
        add_once(digits ? validation::invalid_value(
                              parent, "is an array, which has no member `" + token + "`")
                        : validation::invalid_type(parent, "array", "object"));
        for (std::size_t rest = t + 1; rest < tokens.size(); ++rest) {
          f.pointer = validation::child(f.pointer, tokens[rest]);
        }
        f.value = nullptr;
        f.unreachable = true;
        return f;
      }
      // Past any array's end when too long for a size_t.
      const std::size_t index =
          token.size() > 18 ? here.size() : static_cast<std::size_t>(std::stoull(token));
      if (index >= here.size()) {
        for (std::size_t rest = t + 1; rest < tokens.size(); ++rest) {
          f.pointer = validation::child(f.pointer, tokens[rest]);
        }
        f.value = nullptr;
        return f;
      }
      f.value = &here[index];
    } else {
      add_once(validation::invalid_type(parent, validation::type_name(here), "object"));
      for (std::size_t rest = t + 1; rest < tokens.size(); ++rest) {
        f.pointer = validation::child(f.pointer, tokens[rest]);
      }
      f.value = nullptr;
      f.unreachable = true;
      return f;
    }
  }
  return f;
}

ENVELOPE_INLINE void field_reader::add(validation_error e) {
  errors_->push_back(std::move(e));
}

ENVELOPE_INLINE void field_reader::add_once(validation_error e) {
  if (std::find(errors_->begin(), errors_->end(), e) == errors_->end()) add(std::move(e));
}

ENVELOPE_INLINE void field_reader::object(std::string_view where,
                                          const std::function<void(field_reader&)>& read,
                                          bool required) {
  found f = find(where);
  if (f.unreachable) return;
  if (f.value == nullptr || (!required && f.value->is_null())) {
    if (required) add(validation::missing(f.pointer, "object"));
    return;
  }
  if (!f.value->is_object()) {
    add(validation::invalid_type(f.pointer, validation::type_name(*f.value), "object"));
    return;
  }
  field_reader nested(*f.value, f.pointer, errors_);
  read(nested);
}

ENVELOPE_INLINE void field_reader::each(std::string_view where,
                                        const std::function<void(field_reader&)>& read,
                                        bool required) {
  found f = find(where);
  if (f.unreachable) return;
  if (f.value == nullptr || (!required && f.value->is_null())) {
    if (required) add(validation::missing(f.pointer, "array"));
    return;
  }
  if (!f.value->is_array()) {
    add(validation::invalid_type(f.pointer, validation::type_name(*f.value), "array"));
    return;
  }
  for (std::size_t i = 0; i < f.value->size(); ++i) {
    const nlohmann::json& item = (*f.value)[i];
    const std::string item_pointer = validation::child(f.pointer, i);
    if (!item.is_object()) {
      add(validation::invalid_type(item_pointer, validation::type_name(item), "object"));
      continue;
    }
    field_reader nested(item, item_pointer, errors_);
    read(nested);
  }
}

ENVELOPE_INLINE void field_reader::no_other_members() {
  if (!value_->is_object()) {
    add_once(validation::invalid_type(base_, validation::type_name(*value_), "object"));
    return;
  }
  for (const auto& member : value_->items()) {
    if (std::find(read_.begin(), read_.end(), member.key()) == read_.end()) {
      add(validation::unrecognized_key(validation::child(base_, member.key())));
    }
  }
}

ENVELOPE_INLINE void field_reader::check() const {
  if (!errors_->empty()) throw_validation_failed(*errors_);
}

}  // namespace envelope

#endif  // ENVELOPE_IMPL_FIELD_READER_IPP
