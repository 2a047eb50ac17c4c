// The look shared by every chart and timing view: one colour cycle (a treatment has the same
// colour everywhere) and fonts scaled from the widget's own.
#pragma once

#include <QColor>
#include <QFont>

namespace qc {

// Matplotlib's default cycle, as the lesson's plots use it; past it, golden-ratio hue steps.
QColor paletteColor(int index);

// `font` scaled by `factor`, so that platform and high-DPI settings carry through.
QFont scaledFont(QFont font, qreal factor, bool bold = false);

} // namespace qc
