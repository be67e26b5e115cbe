#include "snn/contract/Geometry.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <tuple>

namespace snn_contract {

std::optional<std::pair<size_t, size_t>> findOverlap(const std::vector<Rect> &rects) {
  struct Event {
    int64_t row;
    bool insert; // removals first at equal rows: intervals are half-open
    size_t index;
  };
  std::vector<Event> events;
  events.reserve(rects.size() * 2);
  for (size_t i = 0; i < rects.size(); ++i) {
    const Rect &r = rects[i];
    if (r.r0 >= r.r1 || r.c0 >= r.c1) continue;
    events.push_back({r.r0, true, i});
    events.push_back({r.r1, false, i});
  }
  std::sort(events.begin(), events.end(), [](const Event &a, const Event &b) {
    return std::make_tuple(a.row, a.insert, a.index) < std::make_tuple(b.row, b.insert, b.index);
  });
  // Active column intervals, disjoint so far: start -> (end, rectangle).
  std::map<int64_t, std::pair<int64_t, size_t>> active;
  auto hit = [](size_t a, size_t b) { return std::make_pair(std::min(a, b), std::max(a, b)); };
  for (const Event &e : events) {
    const Rect &r = rects[e.index];
    if (!e.insert) {
      active.erase(r.c0);
      continue;
    }
    auto next = active.lower_bound(r.c0);
    if (next != active.end() && next->first < r.c1) return hit(e.index, next->second.second);
    if (next != active.begin()) {
      auto prev = std::prev(next);
      if (prev->second.first > r.c0) return hit(e.index, prev->second.second);
    }
    active.emplace(r.c0, std::make_pair(r.c1, e.index));
  }
  return std::nullopt;
}

} // namespace snn_contract
