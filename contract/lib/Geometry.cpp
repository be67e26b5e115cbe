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

std::optional<std::pair<int64_t, int64_t>> findUncovered(const std::vector<Rect> &rects,
                                                         int64_t rows, int64_t cols) {
  if (rows <= 0 || cols <= 0) return std::nullopt;
  struct Event {
    int64_t row;
    bool insert;
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
  std::map<int64_t, int64_t> active; // start -> end
  int64_t covered = 0;               // columns covered in the current row
  auto gap = [&](int64_t row) {
    int64_t expect = 0;
    for (const auto &kv : active) {
      if (kv.first > expect) break;
      expect = kv.second;
    }
    return std::make_pair(row, expect);
  };
  if (events.empty() || events.front().row > 0) return std::make_pair(int64_t(0), int64_t(0));
  for (size_t e = 0; e < events.size();) {
    const int64_t row = events[e].row;
    for (; e < events.size() && events[e].row == row; ++e) {
      const Rect &r = rects[events[e].index];
      if (events[e].insert) {
        active.emplace(r.c0, r.c1);
        covered += r.c1 - r.c0;
      } else {
        active.erase(r.c0);
        covered -= r.c1 - r.c0;
      }
    }
    if (row < rows && covered < cols) return gap(row);
  }
  return std::nullopt;
}

} // namespace snn_contract
