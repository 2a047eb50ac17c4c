#include "positionstats.h"

#include <cmath>

namespace qc {

namespace {

// The k-th smallest value (0-based) among those the bins count.
int valueAtRank(std::span<const std::uint32_t> bins, std::uint64_t rank)
{
    std::uint64_t seen = 0;
    for (std::size_t q = 0; q < bins.size(); ++q) {
        seen += bins[q];
        if (seen > rank)
            return int(q);
    }
    return int(bins.size()) - 1;
}

} // namespace

double percentileFromBins(std::span<const std::uint32_t> bins, std::uint64_t count, double fraction)
{
    if (count == 0)
        return std::nan("");
    // numpy's default 'linear' method: the virtual index (n - 1) * fraction between sorted values.
    const double index = double(count - 1) * fraction;
    const auto below = std::uint64_t(std::floor(index));
    const auto above = std::uint64_t(std::ceil(index));
    const double low = valueAtRank(bins, below);
    if (above == below)
        return low;
    const double high = valueAtRank(bins, above);
    return low + (high - low) * (index - double(below));
}

PositionStats statsAt(const PositionHistogram &histogram, int position)
{
    const std::uint32_t *bins = histogram.bins(position).data();
    PositionStats stats;
    stats.position = position + 1;
    // The count first, without a branch per bin (which bins are empty changes from position to
    // position, so a test per bin mispredicts); the ranks of the percentiles depend on it. A trip
    // count that is a multiple of the vector width lets GCC vectorize this at -O2 (twice as fast).
    // Counts below 101 × 2^32 and sums below 100 times that fit a signed 64-bit integer, and
    // convert to double exactly and faster than unsigned ones.
    std::int64_t count = bins[kQualityBins - 1];
    for (int q = 0; q < kQualityBins - 1; ++q)
        count += bins[q];
    if (count == 0)
        return stats;
    stats.count = std::uint64_t(count);

    // Then one cumulative walk from the lowest bin to the highest non-empty one, which stops at
    // each rank in turn (min, the five percentiles as percentileFromBins() gives them, max) and
    // sums the values on the way. The rank above a percentile's virtual index is the next one:
    // in the same bin, or in the next non-empty one, which the walk reaches later.
    int q = 0;
    std::int64_t seen = bins[0]; // how many values are <= q
    std::int64_t sum = 0; // of the values <= q (the zeros in bin 0 add nothing)
    const auto walkTo = [&](std::int64_t rank) {
        while (seen <= rank) {
            ++q;
            seen += bins[q];
            sum += std::int64_t(bins[q]) * q;
        }
    };
    walkTo(0);
    stats.min = q;
    constexpr double fractions[] = {0.10, 0.25, 0.50, 0.75, 0.90};
    double *targets[] = {&stats.p10, &stats.q1, &stats.median, &stats.q3, &stats.p90};
    for (int i = 0; i < 5; ++i) {
        const double index = double(count - 1) * fractions[i];
        const auto below = std::int64_t(index); // index >= 0: truncating is flooring
        walkTo(below);
        const double weight = index - double(below);
        if (weight == 0) {
            *targets[i] = q;
            continue;
        }
        int high = q; // index < count - 1, so the rank above exists and this ends by the last bin
        if (seen <= below + 1) {
            do
                ++high;
            while (bins[high] == 0);
        }
        *targets[i] = q + (high - q) * weight;
    }
    walkTo(count - 1);
    stats.max = q;
    stats.mean = double(sum) / double(count);
    return stats;
}

std::vector<PositionStats> positionStats(const PositionHistogram &histogram)
{
    std::vector<PositionStats> all;
    all.reserve(std::size_t(histogram.positionCount()));
    for (int p = 0; p < histogram.positionCount(); ++p)
        all.push_back(statsAt(histogram, p));
    return all;
}

} // namespace qc
