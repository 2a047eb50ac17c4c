// libFuzzer entry point of every target: FUZZ_CHECK (set per target in CMakeLists.txt) is the
// check of fuzzchecks.h that the target runs on each input.
#include "fuzzchecks.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace qc::fuzz;
    return abortOnViolation(FUZZ_CHECK(fuzzInput(data, size)));
}
