// What each fuzz target does with one input, shared by the libFuzzer targets and the replay test.
// A check returns a description of the broken invariant, or nothing when the input was handled.
#pragma once

#include <QByteArrayView>
#include <QString>

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <optional>

namespace qc::fuzz {

using Violation = std::optional<QString>;

// One reader on arbitrary bytes: an error must lie inside the input and give a reason; on success
// every value is a quality, the reads tile the value buffer, and reading the same input again into
// the same ParsedReads appends an identical copy.
Violation checkQual(QByteArrayView input);
Violation checkFastq(QByteArrayView input);
Violation checkAbi(QByteArrayView input);
Violation checkTrace(QByteArrayView input); // SCF, ZTR and experiment files, through io_lib
Violation checkPhd(QByteArrayView input);
// The format chosen by content, gzip included: what an engine does with a file's bytes.
Violation checkAnyFormat(QByteArrayView input);

// The first byte picks a chunk size (1..256); the rest is a byte stream fed to one FrameReader in
// chunks of that size, as a socket would. Every message goes through every decoder, and whatever
// decodes must survive encode + decode unchanged.
Violation checkFrames(QByteArrayView input);

// PositionHistogram::fromPacked; what it accepts must come back unchanged through toPacked().
Violation checkHistogram(QByteArrayView input);

struct Target
{
    const char *name; // also the folder of its regression inputs
    Violation (*check)(QByteArrayView);
};

inline constexpr Target kTargets[] = {
    {"fuzz_qualreader", checkQual},   {"fuzz_fastqreader", checkFastq},   {"fuzz_abireader", checkAbi},
    {"fuzz_tracereader", checkTrace}, {"fuzz_phdreader", checkPhd},       {"fuzz_anyformat", checkAnyFormat},
    {"fuzz_frame", checkFrames},      {"fuzz_histogram", checkHistogram},
};

// libFuzzer's bytes as the project sees them. An empty input becomes a view with no data pointer,
// which is what QFile::readAll() of an empty file gives (and so what the replay test passes).
inline QByteArrayView fuzzInput(const unsigned char *data, std::size_t size)
{
    return size == 0 ? QByteArrayView() : QByteArrayView(data, qsizetype(size));
}

// In a fuzz target a violation must crash: libFuzzer keeps only the inputs that crash.
inline int abortOnViolation(const Violation &violation)
{
    if (violation) {
        std::fprintf(stderr, "invariant violated: %s\n", qUtf8Printable(*violation));
        std::abort();
    }
    return 0;
}

} // namespace qc::fuzz
