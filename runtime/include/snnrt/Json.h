// A minimal streaming JSON writer (objects, arrays, numbers, strings with
// escaping). Commas and nesting are tracked so callers cannot produce
// malformed output by forgetting a separator.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace snnrt {

class JsonWriter {
public:
  JsonWriter &beginObject() { value(); out_ += '{'; first_.push_back(true); return *this; }
  JsonWriter &endObject() { close('}'); return *this; }
  JsonWriter &beginArray() { value(); out_ += '['; first_.push_back(true); return *this; }
  JsonWriter &endArray() { close(']'); return *this; }
  JsonWriter &key(const std::string &k) {
    sep();
    string(k);
    out_ += ": ";
    afterKey_ = true;
    return *this;
  }
  JsonWriter &str(const std::string &s) { value(); string(s); return *this; }
  JsonWriter &num(double v) {
    value();
    if (!std::isfinite(v)) { out_ += "null"; return *this; }
    char b[32];
    std::snprintf(b, sizeof b, "%.17g", v);
    out_ += b;
    return *this;
  }
  JsonWriter &num(uint64_t v) { value(); out_ += std::to_string(v); return *this; }
  JsonWriter &num(int64_t v) { value(); out_ += std::to_string(v); return *this; }
  JsonWriter &num(uint32_t v) { return num(uint64_t(v)); }
  JsonWriter &num(int v) { return num(int64_t(v)); }
  JsonWriter &boolean(bool b) { value(); out_ += b ? "true" : "false"; return *this; }
  const std::string &text() const { return out_; }

  static std::string escape(const std::string &s) {
    std::string o;
    for (unsigned char c : s) {
      switch (c) {
      case '"': o += "\\\""; break;
      case '\\': o += "\\\\"; break;
      case '\n': o += "\\n"; break;
      case '\r': o += "\\r"; break;
      case '\t': o += "\\t"; break;
      default:
        if (c < 0x20) {
          char b[8];
          std::snprintf(b, sizeof b, "\\u%04x", c);
          o += b;
        } else {
          o += char(c);
        }
      }
    }
    return o;
  }

private:
  void sep() {
    if (!first_.empty()) {
      if (!first_.back()) out_ += ", ";
      first_.back() = false;
    }
  }
  void value() {
    if (afterKey_) { afterKey_ = false; return; }
    sep();
  }
  void close(char c) { first_.pop_back(); out_ += c; }
  void string(const std::string &s) { out_ += '"'; out_ += escape(s); out_ += '"'; }
  std::string out_;
  std::vector<bool> first_;
  bool afterKey_ = false;
};

} // namespace snnrt
