// Rendering charts to images and files without a window (works on the offscreen platform).
#pragma once

#include "analysis/runresult.h"

#include <QImage>
#include <QSize>
#include <QString>

#include <optional>

class QChart;
class QPainter;

namespace qc {

inline constexpr QSize kDefaultChartSize{1600, 1000};

QImage renderChart(QChart *chart, QSize size);

// Writes DIR/<sample>.png for each sample and DIR/overlay.png. Returns a sentence on failure.
std::optional<QString> exportRunCharts(const RunResult &run, const QString &dir, QSize size = kDefaultChartSize);

// Paints the chart laid out at `size` onto an active painter, e.g. an SVG generator's.
void paintChart(QChart *chart, QPainter *painter, QSize size);

// One chart as a PNG of `size` pixels, marked with `dpi` dots per inch. Returns a sentence
// naming the path on failure.
std::optional<QString> saveChartImage(QChart *chart, const QString &path, QSize size, int dpi);

// One chart as an SVG drawing of `size` units, text kept as text. Returns a sentence naming
// the path on failure.
std::optional<QString> saveChartSvg(QChart *chart, const QString &path, QSize size);

} // namespace qc
