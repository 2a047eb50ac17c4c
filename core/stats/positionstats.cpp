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
    stats.p10 = percentileFromBins(bins, stats.count, 0.10);
    stats.q1 = percentileFromBins(bins, stats.count, 0.25);
    stats.median = percentileFromBins(bins, stats.count, 0.50);
    stats.q3 = percentileFromBins(bins, stats.count, 0.75);
    stats.p90 = percentileFromBins(bins, stats.count, 0.90);
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
