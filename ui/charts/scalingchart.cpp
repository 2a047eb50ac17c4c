#include "scalingchart.h"

#include "chartexport.h"
#include "chartstyle.h"

#include <QApplication>
#include <QChart>
#include <QLegend>
#include <QLineSeries>
#include <QPen>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace qc {

namespace {

constexpr int kCurveSteps = 100;
// Exports are drawn at kScalingChartSize, larger than the window shows them: text to match.
constexpr qreal kExportFontScale = 1.6;

QString tr(const char *text, int n = -1)
{
    return QCoreApplication::translate("qc::ScalingChart", text, nullptr, n);
}

QValueAxis *valueAxis(const QString &title, double top, const QString &format, const QFont &font)
{
    auto *axis = new QValueAxis;
    axis->setTitleText(title);
    axis->setRange(0, top);
    axis->setLabelFormat(format);
    axis->setTitleFont(scaledFont(font, 1.1));
    axis->setLabelsFont(font);
    return axis;
}

void attach(QChart *chart, QAbstractSeries *series, QAbstractAxis *x, QAbstractAxis *y)
{
    chart->addSeries(series);
    series->attachAxis(x);
    series->attachAxis(y);
}

} // namespace

std::unique_ptr<QChart> makeScalingChart(const ScalingResult &result, qreal fontScale)
{
    auto chart = std::make_unique<QChart>();
    const QFont font = scaledFont(QApplication::font(), fontScale);
    chart->setTitle(tr("Speedup against engines (median of %n runs each)", result.repeats));
    chart->setTitleFont(scaledFont(font, 1.35, true));
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->legend()->setFont(font);

    int maxEngines = 1;
    double maxSpeedup = 1;
    for (const ScalingPoint &p : result.points) {
        maxEngines = std::max(maxEngines, p.engines);
        maxSpeedup = std::max(maxSpeedup, p.speedup);
        for (const double seconds : p.wallSeconds)
            if (seconds > 0)
                maxSpeedup = std::max(maxSpeedup, result.serialMedian / seconds);
    }
    double maxEfficiency = 1;
    for (const ScalingPoint &p : result.points)
        maxEfficiency = std::max(maxEfficiency, p.efficiency);
    // Whole engines on x, from 0 so that y = n starts at the origin, one past the largest count so
    // that its point is not on the edge; y to the larger of the ideal and the measured, in steps
    // that read as round numbers.
    const int xTop = maxEngines + 1;
    auto *x = valueAxis(tr("Engines"), xTop, QStringLiteral("%d"), font);
    x->setTickCount(xTop + 1);
    const double highest = std::max<double>(maxEngines, maxSpeedup);
    const double step = highest <= 3 ? 0.5 : highest <= 8 ? 1 : highest <= 20 ? 2 : 5;
    const double yTop = std::ceil(highest / step) * step;
    auto *y = valueAxis(tr("Speedup (serial time / parallel time)"), yTop,
                        step < 1 ? QStringLiteral("%.1f") : QStringLiteral("%.0f"), font);
    y->setTickCount(int(std::lround(yTop / step)) + 1);
    const int efficiencyTop = std::max(100, int(std::ceil(maxEfficiency * 5)) * 20);
    auto *efficiencyAxis = valueAxis(tr("Efficiency (%)"), efficiencyTop, QStringLiteral("%d"), font);
    efficiencyAxis->setTickCount(efficiencyTop / 20 + 1);
    efficiencyAxis->setGridLineVisible(false); // the speedup axis draws the grid
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    chart->addAxis(efficiencyAxis, Qt::AlignRight);

    auto *ideal = new QLineSeries;
    ideal->setName(tr("Ideal (speedup = engines)"));
    ideal->append(0, 0);
    ideal->append(maxEngines, maxEngines);
    ideal->setPen(QPen(Qt::gray, 2 * fontScale, Qt::DashLine));
    attach(chart.get(), ideal, x, y);

    if (result.fit.pointsUsed > 0) {
        auto *fit = new QLineSeries;
        fit->setName(tr("Amdahl fit, f = %1").arg(result.fit.serialFraction, 0, 'f', 3));
        for (int i = 0; i <= kCurveSteps; ++i) {
            const double n = 1 + double(maxEngines - 1) * i / kCurveSteps;
            fit->append(n, result.fit.speedupAt(n));
        }
        fit->setPen(QPen(paletteColor(1), 2.5 * fontScale));
        attach(chart.get(), fit, x, y);
    }

    auto *efficiencyLine = new QLineSeries;
    efficiencyLine->setName(tr("Efficiency (right axis)"));
    efficiencyLine->setPen(QPen(paletteColor(2), 2 * fontScale, Qt::DotLine));
    auto *measured = new QScatterSeries;
    measured->setName(tr("Measured speedup"));
    measured->setColor(paletteColor(0));
    measured->setMarkerSize(12 * fontScale);
    // Each run's own speedup (against the serial median), faint, so the spread behind a median shows.
    auto *runs = new QScatterSeries;
    runs->setName(tr("Each run"));
    QColor faint = paletteColor(0);
    faint.setAlphaF(0.35);
    runs->setColor(faint);
    runs->setBorderColor(faint);
    runs->setMarkerSize(7 * fontScale);
    for (const ScalingPoint &p : result.points) {
        measured->append(p.engines, p.speedup);
        efficiencyLine->append(p.engines, 100 * p.efficiency);
        for (const double seconds : p.wallSeconds)
            if (seconds > 0)
                runs->append(p.engines, result.serialMedian / seconds);
    }
    attach(chart.get(), efficiencyLine, x, efficiencyAxis);
    attach(chart.get(), runs, x, y);
    attach(chart.get(), measured, x, y);
    return chart;
}

std::optional<QString> exportScalingChart(const ScalingResult &result, const QString &path)
{
    const auto chart = makeScalingChart(result, kExportFontScale);
    if (path.endsWith(QStringLiteral(".svg"), Qt::CaseInsensitive))
        return saveChartSvg(chart.get(), path, kScalingChartSize);
    return saveChartImage(chart.get(), path, kScalingChartSize, 96);
}

} // namespace qc
