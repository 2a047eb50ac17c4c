#include "runcomparison.h"

#include "stats/positionstats.h"

#include <algorithm>
#include <cmath>

namespace qc {

namespace {

const SampleResult *findFolder(const RunResult &run, const QString &path)
{
    for (const SampleResult &sample : run.samples)
        if (sample.sample.path == path)
            return &sample;
    return nullptr;
}

FolderDifference difference(const SampleResult &a, const SampleResult &b)
{
    FolderDifference folder{a.sample.path, a.sample.name, {}, 0, 0, 0};
    const std::vector<PositionStats> statsA = positionStats(a.histogram);
    const std::vector<PositionStats> statsB = positionStats(b.histogram);
    const std::size_t common = std::min(statsA.size(), statsB.size());
    folder.positionsOnlyInOne = int(std::max(statsA.size(), statsB.size()) - common);
    double sum = 0;
    for (std::size_t i = 0; i < common; ++i) {
        const double delta = statsB[i].mean - statsA[i].mean;
        folder.meanDifference.push_back(delta);
        folder.maxAbsDifference = std::max(folder.maxAbsDifference, std::abs(delta));
        sum += std::abs(delta);
    }
    folder.meanAbsDifference = common > 0 ? sum / double(common) : 0;
    return folder;
}

} // namespace

RunComparison compareRuns(const RunResult &a, const RunResult &b)
{
    // A folder is its path: two folders named t1_1 in different places are different data.
    RunComparison comparison;
    for (const SampleResult &sample : a.samples) {
        if (const SampleResult *other = findFolder(b, sample.sample.path))
            comparison.folders.append(difference(sample, *other));
        else
            comparison.onlyInA.append(sample.sample.path);
    }
    for (const SampleResult &sample : b.samples)
        if (!findFolder(a, sample.sample.path))
            comparison.onlyInB.append(sample.sample.path);
    return comparison;
}

} // namespace qc
