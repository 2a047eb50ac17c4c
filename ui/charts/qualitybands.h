// Decorations for a per-folder mean-quality chart: the spread of values by position and
// FastQC-style quality zones behind the data.
#pragma once

#include "analysis/runresult.h"

#include <QString>

class QAbstractSeries;
class QChart;

namespace qc {

// A translucent area between q1 and q3 by position, and thin p10 and p90 lines, drawn under the
// mean line and over any zones. Attaches to the chart's axes and shows the legend so the band
// is named. The chart should come from createMeanQualityChart(result).
void addInterquartileBand(QChart *chart, const SampleResult &result);

// Red below 20, orange from 20 to 28, green from 28 to the y axis' top, across the x axis'
// range, drawn behind everything else, with the legend shown to name them.
void addQualityZones(QChart *chart);

// Names of the added series, for panels and tests that look them up.
QString interquartileBandName(); // "Q1–Q3"
QString percentileWhiskersName(); // "10th–90th percentile" (both lines)
QString qualityZoneName(int zone); // 0 below 20, 1 from 20 to 28, 2 above 28

// True for series added by the functions above, false for data series.
bool isChartDecoration(const QAbstractSeries *series);

} // namespace qc
