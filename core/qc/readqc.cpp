#include "readqc.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>

// Every read of a run passes through computeReadQc(), so it walks the qualities without allocating
// and in as few passes as the arithmetic allows. What sets the pace is Mott's running sum: one
// floating-point addition per base, each waiting for the one before (3 cycles a base on Zen 4).
// CRL's integer sliding window rides in the same loop, in the shadow of that chain, and the plain
// sums are vectorised passes of their own. Integer sums keep every mean and the CRL test exact.

namespace qc {

namespace {

constexpr int kMaxTabulatedQuality = 100;

// Mott's score, cutoff - 10^(-Q/10), for every value a quality byte can hold (Q above 100 scores
// as 100), so the loop needs neither pow() nor a clamp. 10^(-Q/10) is written as pow(10, -Q/10.)
// so the values are bit-identical to seqtk's table and exact ties are broken the same way; one
// subtraction per entry gives the same doubles as one per base.
using MottScores = std::array<double, 256>;

MottScores mottScores(double cutoff)
{
    static const auto errors = [] {
        std::array<double, kMaxTabulatedQuality + 1> values{};
        for (int q = 0; q <= kMaxTabulatedQuality; ++q)
            values[std::size_t(q)] = std::pow(10., -q / 10.);
        return values;
    }();
    MottScores scores{};
    for (std::size_t q = 0; q < scores.size(); ++q)
        scores[q] = cutoff - errors[std::min<std::size_t>(q, kMaxTabulatedQuality)];
    return scores;
}

const MottScores &defaultMottScores()
{
    static const MottScores scores = mottScores(kDefaultMottCutoff);
    return scores;
}

// Modified Mott trimming (see the header), fed one base at a time in order.
class MottScan
{
public:
    explicit MottScan(const MottScores &scores)
        : m_scores(scores)
    {}

    void add(int i, std::uint8_t quality)
    {
        m_runScore += m_scores[quality];
        if (m_runScore > m_bestScore) { // strict: the earlier of two equal stretches stays
            m_bestScore = m_runScore;
            m_best = {m_runStart, i + 1};
        }
        if (m_runScore < 0) {
            m_runScore = 0;
            m_runStart = i + 1;
        }
    }
    ClearRange range() const { return m_best; }

private:
    const MottScores &m_scores;
    double m_runScore = 0;
    double m_bestScore = 0;
    int m_runStart = 0;
    ClearRange m_best;
};

// CRL (see the header) in one walk over the read, calling perBase(i) for every base in order so
// that another scan can share the loop. "Window sum >= 20 * bases in the window" is the same test
// as "sum of (Q - 20) over the window >= 0", which needs no count, so clipped windows at the read
// ends cost nothing extra. Base i is judged once base i + 20, its window's right end, is in; the
// loop is split where the window's left end starts moving, so no test runs per base for it.
template<typename PerBase> int scanContiguousReadLength(std::span<const std::uint8_t> qualities, PerBase perBase)
{
    constexpr int kHalf = kCrlHalfWindow;
    const int n = int(qualities.size());
    auto excess = [&](int i) { return int(qualities[std::size_t(i)]) - kGoodQuality; };
    int window = 0; // sum of excess() over the window of the base judged next
    int run = 0;
    int longest = 0;
    auto judge = [&] {
        run = window >= 0 ? run + 1 : 0;
        longest = std::max(longest, run);
    };

    int j = 0;
    for (; j < std::min(n, kHalf); ++j) { // no window is complete yet
        window += excess(j);
        perBase(j);
    }
    for (; j < std::min(n, 2 * kHalf + 1); ++j) { // base j - 20, window [0, j]
        window += excess(j);
        judge();
        perBase(j);
    }
    for (; j < n; ++j) { // base j - 20, window [j - 40, j]
        window += excess(j) - excess(j - 2 * kHalf - 1);
        judge();
        perBase(j);
    }
    // The last 20 bases (all of them in a short read): windows end at the read's end and lose a
    // base on the left, while there is one to lose.
    for (int i = std::max(0, n - kHalf); i < n; ++i) {
        if (i - kHalf - 1 >= 0)
            window -= excess(i - kHalf - 1);
        judge();
    }
    return longest;
}

// Sum of the qualities and how many are >= 20. Blocks of 16 with a fixed trip count are what GCC
// vectorises at -O2 (its cheap cost model leaves loops of unknown length scalar); a block's sums
// fit an unsigned easily.
struct Totals
{
    std::int64_t sum = 0;
    int good = 0;
};

Totals totalsOf(std::span<const std::uint8_t> qualities)
{
    constexpr std::size_t kBlock = 16;
    Totals totals;
    std::size_t i = 0;
    for (; i + kBlock <= qualities.size(); i += kBlock) {
        unsigned blockSum = 0;
        unsigned blockGood = 0;
        for (std::size_t k = i; k < i + kBlock; ++k) {
            blockSum += qualities[k];
            blockGood += qualities[k] >= kGoodQuality;
        }
        totals.sum += blockSum;
        totals.good += int(blockGood);
    }
    for (; i < qualities.size(); ++i) {
        totals.sum += qualities[i];
        totals.good += qualities[i] >= kGoodQuality;
    }
    return totals;
}

double meanOf(std::int64_t sum, int count)
{
    return count > 0 ? double(sum) / double(count) : 0;
}

} // namespace

ClearRange mottClearRange(std::span<const std::uint8_t> qualities, double cutoff)
{
    const MottScores scores = mottScores(cutoff); // 256 subtractions: cheap next to a read
    MottScan mott(scores);
    const int n = int(qualities.size());
    for (int i = 0; i < n; ++i)
        mott.add(i, qualities[std::size_t(i)]);
    return mott.range();
}

int contiguousReadLength(std::span<const std::uint8_t> qualities)
{
    return scanContiguousReadLength(qualities, [](int) {});
}

ReadQc computeReadQc(std::span<const std::uint8_t> qualities)
{
    ReadQc qc;
    qc.length = int(qualities.size());
    const Totals totals = totalsOf(qualities);
    qc.mean = meanOf(totals.sum, qc.length);
    qc.qv20 = totals.good;

    MottScan mott(defaultMottScores());
    qc.crl = scanContiguousReadLength(qualities, [&](int i) { mott.add(i, qualities[std::size_t(i)]); });
    qc.clear = mott.range();

    const auto kept = qualities.subspan(std::size_t(qc.clear.start), std::size_t(qc.clear.length()));
    qc.traceScore = meanOf(totalsOf(kept).sum, qc.clear.length());
    return qc;
}

} // namespace qc
