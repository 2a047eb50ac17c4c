// How a folder's reads spread over one number (length, QV20+): reads counted in equal bins of
// round width, passed and failed reads stacked in each bin.
#pragma once

#include <QList>
#include <QString>

class QChart;

namespace qc {

struct ReadHistogram
{
    int start = 0; // the lowest value of the first bin
    int width = 1; // values per bin; bin i holds start + i * width .. start + (i + 1) * width - 1
    QList<int> passed; // reads per bin
    QList<int> failed;
    int binCount() const { return int(passed.size()); }
    int reads() const;
    // "800–849", or "800" when a bin holds one value.
    QString label(int bin) const;
};

constexpr int kMaxHistogramBins = 16;

// Bins of width 1, 2 or 5 times a power of ten, the smallest that needs at most maxBins bins
// from the bin holding the lowest value to the one holding the highest; starts are multiples of
// the width. `failed[i]` says which stack value i goes to (missing entries count as passed).
// No values: no bins.
ReadHistogram binReads(const QList<int> &values, const QList<bool> &failed, int maxBins = kMaxHistogramBins);

// A new chart, owned by the caller: a stacked bar per bin (passed, then failed in red) at x = bin
// index, x axis `axisTitle` labelled with the bins' values (a QCategoryAxis), y axis "Reads"
// with whole-number ticks; hovering a bar names its bin and counts. The failed set is named
// `failedName` in the legend, and left out when no read failed.
QChart *createReadHistogramChart(const ReadHistogram &histogram, const QString &title, const QString &axisTitle,
                                 const QString &failedName);

// Names of the two bar sets, for panels and tests that look them up.
QString passedReadsName(); // "Passed"

} // namespace qc
