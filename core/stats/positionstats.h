// Per-position summary statistics computed from a histogram, with numpy's 'linear' percentiles.
#pragma once

#include "positionhistogram.h"

#include <vector>

namespace qc {

struct PositionStats
{
    int position = 0; // 1-based
    std::uint64_t count = 0;
    double mean = 0;
    int min = 0;
    double p10 = 0;
    double q1 = 0;
    double median = 0;
    double q3 = 0;
    double p90 = 0;
    int max = 0;
};

// The value numpy.percentile(values, 100 * fraction) gives over the values a histogram counts.
double percentileFromBins(std::span<const std::uint32_t> bins, std::uint64_t count, double fraction);

PositionStats statsAt(const PositionHistogram &histogram, int position);
std::vector<PositionStats> positionStats(const PositionHistogram &histogram);

} // namespace qc
