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
    const auto bins = histogram.bins(position);
    PositionStats stats;
    stats.position = position + 1;
    std::uint64_t sum = 0;
    bool seenAny = false;
    for (int q = 0; q < kQualityBins; ++q) {
        if (bins[std::size_t(q)] == 0)
            continue;
        if (!seenAny)
            stats.min = q;
        seenAny = true;
        stats.max = q;
        stats.count += bins[std::size_t(q)];
        sum += std::uint64_t(bins[std::size_t(q)]) * std::uint64_t(q);
    }
    if (stats.count == 0)
        return stats;
    stats.mean = double(sum) / double(stats.count);
    // The five percentiles as percentileFromBins() gives them, from two walks over the bins: the
    // ranks below the five virtual indices only grow, and so do those above, so each is found
    // where the last one was (ten walks from the start made the statistics the slowest part of
    // writing the outputs).
    constexpr double fractions[] = {0.10, 0.25, 0.50, 0.75, 0.90};
    std::uint64_t below[5], above[5];
    double weights[5];
    for (int i = 0; i < 5; ++i) {
        const double index = double(stats.count - 1) * fractions[i];
        below[i] = std::uint64_t(std::floor(index));
        above[i] = std::uint64_t(std::ceil(index));
        weights[i] = index - double(below[i]);
    }
    const auto valuesAt = [&bins, &stats](const std::uint64_t (&ranks)[5], int (&values)[5]) {
        std::uint64_t seen = bins[std::size_t(stats.min)];
        int q = stats.min;
        for (int r = 0; r < 5; ++r) {
            while (seen <= ranks[r] && q < stats.max)
                seen += bins[std::size_t(++q)];
            values[r] = q;
        }
    };
    int low[5], high[5];
    valuesAt(below, low);
    valuesAt(above, high);
    double *targets[] = {&stats.p10, &stats.q1, &stats.median, &stats.q3, &stats.p90};
    for (int i = 0; i < 5; ++i)
        *targets[i] = above[i] == below[i] ? double(low[i]) : low[i] + (high[i] - low[i]) * weights[i];
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
