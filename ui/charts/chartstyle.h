// The look shared by every chart and timing view: one colour cycle (a treatment has the same
// colour everywhere), fonts scaled from the widget's own, and charts that stay readable at the
// size they are shown.
#pragma once

#include <QColor>
#include <QFont>

class QChart;

namespace qc {

// Matplotlib's default cycle, as the lesson's plots use it; past it, golden-ratio hue steps.
QColor paletteColor(int index);

// `font` scaled by `factor`, so that platform and high-DPI settings carry through.
QFont scaledFont(QFont font, qreal factor, bool bold = false);

// Fits `chart` to the size it is laid out at, now and at every later layout or change of an axis'
// range, so that nothing on it is elided: the title's font shrinks (to no smaller than the
// chart's own font) until the title fits, and past that it takes two lines; value axes that print
// whole numbers ("%d") label only as many ticks as fit side by side, never more than the chart
// was made with; a legend under the plot wraps into rows, in a smaller font past two. At the size
// a chart was styled for, such as an export, it looks as made. For charts that are shown; call it
// once the chart has its series, axes and legend.
void keepChartReadable(QChart *chart);

} // namespace qc
