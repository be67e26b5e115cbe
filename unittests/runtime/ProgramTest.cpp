#include "snnrt/Program.h"
#include "snnrt/Error.h"
#include "snnrt/testing/ProgramBuilder.h"
#include <gtest/gtest.h>
using namespace snnrt;
TEST(Program, LoadsDefault) {
  testkit::ProgramSpec s;
  Program p = Program::fromBytes(testkit::buildProgram(s), "x");
  EXPECT_EQ(p.matrixRows(), 398u);
}
