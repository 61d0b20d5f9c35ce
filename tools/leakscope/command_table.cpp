#include "commands.h"

namespace leakscope::tool {

std::vector<const Command *> CommandTable() {
  return {&kConfigCommand, &kRunCommand, &kSnapCommand, &kTopCommand,
          &kDiffCommand, &kWatchCommand, &kFlameCommand, &kRetainCommand, &kStaleCommand};
}

}  // namespace leakscope::tool
