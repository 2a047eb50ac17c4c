// libFuzzer entry point: arbitrary bytes as .qual text; fuzzchecks.h says what is checked.
#include "fuzzchecks.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace qc::fuzz;
    return abortOnViolation(checkQual(fuzzInput(data, size)));
}
