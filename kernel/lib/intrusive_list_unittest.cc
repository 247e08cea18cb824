#include "kernel/lib/intrusive_list.h"

#include <gtest/gtest.h>

#include <vector>

namespace akuma {
namespace {

struct Item {
  int id;
  ListNode run_node;
  ListNode all_node;
};
using RunList = IntrusiveList<Item, &Item::run_node>;
using AllList = IntrusiveList<Item, &Item::all_node>;

std::vector<int> ids(RunList& l) {
  std::vector<int> out;
  for (Item& i : l) out.push_back(i.id);
  return out;
}

TEST(IntrusiveList, FifoOrder) {
  Item a{1, {}, {}}, b{2, {}, {}}, c{3, {}, {}};
  RunList q;
  EXPECT_TRUE(q.empty());
  q.push_back(a);
  q.push_back(b);
  q.push_front(c);
  EXPECT_EQ(ids(q), (std::vector<int>{3, 1, 2}));
  EXPECT_EQ(q.size(), 3u);
  EXPECT_EQ(q.pop_front()->id, 3);
  EXPECT_EQ(q.front()->id, 1);
}

TEST(IntrusiveList, RemoveIsIdempotent) {
  Item a{1, {}, {}}, b{2, {}, {}};
  RunList q;
  q.push_back(a);
  q.push_back(b);
  RunList::remove(a);
  RunList::remove(a);  // already unlinked: no-op
  EXPECT_FALSE(a.run_node.linked());
  EXPECT_EQ(ids(q), (std::vector<int>{2}));
  RunList::remove(b);
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.pop_front(), nullptr);
}

TEST(IntrusiveList, OneElementOnTwoLists) {
  Item a{1, {}, {}};
  RunList run;
  AllList all;
  run.push_back(a);
  all.push_back(a);
  RunList::remove(a);
  EXPECT_TRUE(run.empty());
  EXPECT_EQ(all.front(), &a);
}

TEST(IntrusiveList, ForEachSafeAllowsRemoval) {
  Item items[5] = {{0, {}, {}}, {1, {}, {}}, {2, {}, {}}, {3, {}, {}}, {4, {}, {}}};
  RunList q;
  for (Item& i : items) q.push_back(i);
  q.for_each_safe([](Item& i) {
    if (i.id % 2 == 0) RunList::remove(i);
  });
  EXPECT_EQ(ids(q), (std::vector<int>{1, 3}));
}

}  // namespace
}  // namespace akuma
