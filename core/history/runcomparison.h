// Two runs side by side: for each folder both analysed, how far apart their mean quality by
// position is; which folders only one of them had.
#pragma once

#include "analysis/runresult.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <vector>

namespace qc {

struct FolderDifference
{
    QString path;
    QString name;
    std::vector<double> meanDifference; // per position (0-based): mean of B less mean of A
    double maxAbsDifference = 0;
    double meanAbsDifference = 0;
    int positionsOnlyInOne = 0; // positions past the shorter run's last one
};

struct RunComparison
{
    QList<FolderDifference> folders; // common folders (same path), in A's order
    QStringList onlyInA; // paths
    QStringList onlyInB;
    bool sameFolders() const { return onlyInA.isEmpty() && onlyInB.isEmpty(); }
};

RunComparison compareRuns(const RunResult &a, const RunResult &b);

} // namespace qc
