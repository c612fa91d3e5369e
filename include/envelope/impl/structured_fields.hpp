// Included only from <envelope/structured_fields.hpp>: the ordered_map template.
#ifndef ENVELOPE_IMPL_STRUCTURED_FIELDS_HPP
#define ENVELOPE_IMPL_STRUCTURED_FIELDS_HPP

#include <algorithm>
#include <unordered_map>

namespace envelope::sf {

template <class Value>
ordered_map<Value>::ordered_map(std::vector<entry> entries) {
  // A hash index keeps a field of many keys linear; a few keys are scanned.
  constexpr std::size_t scan_limit = 8;
  std::unordered_map<std::string_view, std::size_t> index;
  entries_.reserve(entries.size());
  for (auto& e : entries) {
    Value* existing = nullptr;
    if (entries_.size() < scan_limit && index.empty()) {
      existing = find(e.first);
    } else {
      if (index.empty()) {
        for (std::size_t i = 0; i < entries_.size(); ++i)
          index.emplace(entries_[i].first, i);
      }
      const auto it = index.find(e.first);
      if (it != index.end()) existing = &entries_[it->second].second;
    }
    if (existing != nullptr) {
      *existing = std::move(e.second);
    } else {
      entries_.push_back(std::move(e));
      // Keys are moved into entries_, whose reserve() keeps them in place.
      if (!index.empty()) index.emplace(entries_.back().first, entries_.size() - 1);
    }
  }
}

template <class Value>
const Value* ordered_map<Value>::find(std::string_view key) const noexcept {
  for (const auto& e : entries_) {
    if (e.first == key) return &e.second;
  }
  return nullptr;
}

template <class Value>
Value* ordered_map<Value>::find(std::string_view key) noexcept {
  for (auto& e : entries_) {
    if (e.first == key) return &e.second;
  }
  return nullptr;
}

template <class Value>
ordered_map<Value>& ordered_map<Value>::set(std::string key, Value value) & {
  if (Value* existing = find(key)) {
    *existing = std::move(value);
  } else {
    entries_.emplace_back(std::move(key), std::move(value));
  }
  return *this;
}

template <class Value>
bool ordered_map<Value>::erase(std::string_view key) {
  const auto it = std::find_if(entries_.begin(), entries_.end(),
                               [&](const entry& e) { return e.first == key; });
  if (it == entries_.end()) return false;
  entries_.erase(it);
  return true;
}

}  // namespace envelope::sf

#endif  // ENVELOPE_IMPL_STRUCTURED_FIELDS_HPP
