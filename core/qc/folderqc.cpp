#include "folderqc.h"

#include <algorithm>
#include <vector>

namespace qc {

namespace {

// numpy.median: the middle value, or the mean of the two middle values for an even count.
double medianOf(std::vector<int> values)
{
    if (values.empty())
        return 0;
    const auto half = values.size() / 2;
    std::nth_element(values.begin(), values.begin() + std::ptrdiff_t(half), values.end());
    const double upper = values[half];
    if (values.size() % 2 == 1)
        return upper;
    // After nth_element everything before `half` is <= upper; the lower middle is their maximum.
    const double lower = *std::max_element(values.begin(), values.begin() + std::ptrdiff_t(half));
    return (lower + upper) / 2;
}

template<typename Field> std::vector<int> collect(std::span<const ReadQc> reads, Field field)
{
    std::vector<int> values;
    values.reserve(reads.size());
    for (const ReadQc &read : reads)
        values.push_back(field(read));
    return values;
}

} // namespace

FolderQc summarizeFolder(std::span<const ReadQc> reads, int minQv20)
{
    FolderQc summary;
    summary.minQv20 = minQv20;
    summary.reads = qint64(reads.size());
    summary.failedReads =
        std::count_if(reads.begin(), reads.end(), [minQv20](const ReadQc &r) { return r.qv20 < minQv20; });
    summary.medianLength = medianOf(collect(reads, [](const ReadQc &r) { return r.length; }));
    summary.medianQv20 = medianOf(collect(reads, [](const ReadQc &r) { return r.qv20; }));
    summary.medianCrl = medianOf(collect(reads, [](const ReadQc &r) { return r.crl; }));
    return summary;
}

} // namespace qc
