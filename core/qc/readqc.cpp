#include "readqc.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>

namespace qc {

namespace {

constexpr int kMaxTabulatedQuality = 100;

// 10^(-Q/10) for every Q, computed once: pow() per base would dominate the trimming loop.
// Written as pow(10, -Q/10.) so the values are bit-identical to seqtk's table and exact ties
// are broken the same way.
const std::array<double, kMaxTabulatedQuality + 1> &errorProbabilities()
{
    static const auto table = [] {
        std::array<double, kMaxTabulatedQuality + 1> values{};
        for (int q = 0; q <= kMaxTabulatedQuality; ++q)
            values[std::size_t(q)] = std::pow(10., -q / 10.);
        return values;
    }();
    return table;
}

double meanOf(std::span<const std::uint8_t> qualities)
{
    if (qualities.empty())
        return 0;
    std::int64_t sum = 0;
    for (const std::uint8_t q : qualities)
        sum += q;
    return double(sum) / double(qualities.size());
}

} // namespace

ClearRange mottClearRange(std::span<const std::uint8_t> qualities, double cutoff)
{
    const auto &errors = errorProbabilities();
    ClearRange best;
    double bestScore = 0;
    double runScore = 0;
    int runStart = 0;
    const int n = int(qualities.size());
    for (int i = 0; i < n; ++i) {
        const int q = std::min<int>(qualities[std::size_t(i)], kMaxTabulatedQuality);
        runScore += cutoff - errors[std::size_t(q)];
        if (runScore > bestScore) { // strict: the earlier of two equal stretches stays
            bestScore = runScore;
            best = {runStart, i + 1};
        }
        if (runScore < 0) {
            runScore = 0;
            runStart = i + 1;
        }
    }
    return best;
}

int contiguousReadLength(std::span<const std::uint8_t> qualities)
{
    const int n = int(qualities.size());
    auto at = [&](int i) { return int(qualities[std::size_t(i)]); };

    // The window [lo, hi] slides right by one base per step; integer sums keep the
    // ">= 20" comparison exact (sum >= 20 * count instead of a rounded mean).
    int windowSum = 0;
    int hi = -1;
    int longest = 0;
    int run = 0;
    for (int i = 0; i < n; ++i) {
        const int lo = std::max(0, i - kCrlHalfWindow);
        while (hi < std::min(n - 1, i + kCrlHalfWindow))
            windowSum += at(++hi);
        if (lo > 0)
            windowSum -= at(lo - 1);
        const int count = hi - lo + 1;
        run = windowSum >= kGoodQuality * count ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    return longest;
}

ReadQc computeReadQc(std::span<const std::uint8_t> qualities)
{
    ReadQc qc;
    qc.length = int(qualities.size());
    qc.mean = meanOf(qualities);
    qc.qv20 = int(std::count_if(qualities.begin(), qualities.end(),
                                [](std::uint8_t q) { return q >= kGoodQuality; }));
    qc.crl = contiguousReadLength(qualities);
    qc.clear = mottClearRange(qualities);
    qc.traceScore = meanOf(qualities.subspan(std::size_t(qc.clear.start),
                                             std::size_t(qc.clear.length())));
    return qc;
}

} // namespace qc
