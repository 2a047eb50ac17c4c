// Mean quality by position, as the lesson plots it: one chart per sample, and all samples overlaid.
#pragma once

#include "analysis/runresult.h"

#include <QList>
#include <QString>

class QChart;

namespace qc {

// "t1_1 [31, 45]": the sample and the whole-number min and max of the plotted means (truncated,
// as the lesson's "%d" formats them).
QString chartTitle(const SampleResult &result);

// New charts, owned by the caller. Axes: x "Position" (1-based), y "Quality".
QChart *createMeanQualityChart(const SampleResult &result);
QChart *createOverlayChart(const QList<SampleResult> &results);

} // namespace qc
