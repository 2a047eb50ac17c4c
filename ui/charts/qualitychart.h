// Mean quality by position, as the lesson plots it: one chart per sample, and all samples overlaid.
#pragma once

#include "analysis/runresult.h"

#include <QList>
#include <QString>

class QChart;

namespace qc {

// Which bases a chart plots: every base of each read, or only the bases inside each read's clear
// range, still at their positions in the whole read.
enum class BaseScope { WholeRead, ClearRange };

// result.histogram or result.clearHistogram.
const PositionHistogram &plottedHistogram(const SampleResult &result, BaseScope scope);

// "t1_1 [31, 45]" ("t1_1 clear range [33, 45]"): the sample and the whole-number min and max of
// the plotted means (truncated, as the lesson's "%d" formats them).
QString chartTitle(const SampleResult &result, BaseScope scope = BaseScope::WholeRead);

// New charts, owned by the caller. Axes: x "Position" (1-based), y "Quality".
QChart *createMeanQualityChart(const SampleResult &result, BaseScope scope = BaseScope::WholeRead);
QChart *createOverlayChart(const QList<SampleResult> &results, BaseScope scope = BaseScope::WholeRead);

} // namespace qc
