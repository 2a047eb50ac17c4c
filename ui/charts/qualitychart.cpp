#include "qualitychart.h"

#include "charts/chartstyle.h"

#include "stats/positionstats.h"

#include <QChart>
#include <QColor>
#include <QFont>
#include <QLegend>
#include <QLineSeries>
#include <QList>
#include <QMap>
#include <QPen>
#include <QPointF>
#include <QValueAxis>

#include <algorithm>
#include <array>
#include <cmath>

namespace qc {

namespace {

// Sizes in points, chosen for the 1600x1000 export; they stay legible in a window too.
constexpr qreal kTitlePoints = 20;
constexpr qreal kAxisTitlePoints = 14;
constexpr qreal kLabelPoints = 12;
constexpr int kMinQualityTop = 60; // a common top keeps per-sample charts comparable

// Dash pattern for the n-th replicate, in pen widths; empty is solid. Shorter than Qt's DashLine
// and DotLine so that the legend's short line sample still shows two or three dashes.
QList<qreal> replicateDashes(int rank)
{
    switch (rank % 5) {
    case 1:
        return {2.4, 1.2};
    case 2:
        return {0.6, 1.2};
    case 3:
        return {2.4, 1.2, 0.6, 1.2};
    case 4:
        return {4.8, 1.6};
    default:
        return {};
    }
}

// One point per position that has values; an empty position would plot a false zero.
QList<QPointF> meanPoints(const PositionHistogram &histogram)
{
    QList<QPointF> points;
    points.reserve(histogram.positionCount());
    for (const PositionStats &stats : positionStats(histogram)) {
        if (stats.count > 0)
            points.append(QPointF(stats.position, stats.mean));
    }
    return points;
}

// The smallest 1, 2 or 5 times a power of ten that covers `span` in at most 10 steps.
int niceStep(double span)
{
    const double raw = std::max(span / 10.0, 1.0);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (double factor : {1.0, 2.0, 5.0, 10.0}) {
        if (factor * magnitude >= raw)
            return int(factor * magnitude);
    }
    return int(10 * magnitude);
}

QFont sizedFont(QFont font, qreal points, bool bold = false)
{
    font.setPointSizeF(points);
    font.setBold(bold);
    return font;
}

// Whole-number ticks from 0 to a round top, so labels read 0, 100, 200 rather than 33.8.
QValueAxis *makeAxis(const QString &title, double top, int step)
{
    auto *axis = new QValueAxis;
    axis->setTitleText(title);
    axis->setTitleFont(sizedFont(axis->titleFont(), kAxisTitlePoints, true));
    axis->setLabelsFont(sizedFont(axis->labelsFont(), kLabelPoints));
    axis->setLabelFormat(QStringLiteral("%d"));
    const int roundedTop = std::max(step, int(std::ceil(top / step)) * step);
    axis->setRange(0, roundedTop);
    axis->setTickCount(roundedTop / step + 1);
    axis->setMinorTickCount(0);
    return axis;
}

QChart *makeChart(const QString &title)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->setTitleFont(sizedFont(chart->titleFont(), kTitlePoints, true));
    chart->setBackgroundBrush(Qt::white);
    chart->setBackgroundRoundness(0);
    chart->setDropShadowEnabled(false);
    chart->setAnimationOptions(QChart::NoAnimation); // exports render at once
    return chart;
}

// Axes sized to every series in the chart: x to the longest read, y to the highest mean.
void addAxes(QChart *chart, int positions, double maxMean)
{
    auto *x = makeAxis(QStringLiteral("Position"), std::max(positions, 1), niceStep(positions));
    auto *y = makeAxis(QStringLiteral("Quality"), std::max<double>(maxMean, kMinQualityTop), 10);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    const auto series = chart->series();
    for (QAbstractSeries *s : series) {
        s->attachAxis(x);
        s->attachAxis(y);
    }
}

double maxY(const QList<QPointF> &points)
{
    double top = 0;
    for (const QPointF &p : points)
        top = std::max(top, p.y());
    return top;
}

// Rank of each value among the distinct values present: treatments 2, 5, 7 become 0, 1, 2, so
// colours and dash styles are used in order and never skipped.
QMap<int, int> ranks(const QList<int> &values)
{
    QMap<int, int> rank;
    for (int v : values)
        rank.insert(v, 0);
    int next = 0;
    for (auto it = rank.begin(); it != rank.end(); ++it)
        it.value() = next++;
    return rank;
}

} // namespace

const PositionHistogram &plottedHistogram(const SampleResult &result, BaseScope scope)
{
    return scope == BaseScope::ClearRange ? result.clearHistogram : result.histogram;
}

QString chartTitle(const SampleResult &result, BaseScope scope)
{
    QString name =
        scope == BaseScope::ClearRange ? QStringLiteral("%1 clear range").arg(result.sample.name) : result.sample.name;
    const QList<QPointF> points = meanPoints(plottedHistogram(result, scope));
    if (points.isEmpty())
        return name;
    const auto [low, high] = std::minmax_element(points.cbegin(), points.cend(),
                                                 [](const QPointF &a, const QPointF &b) { return a.y() < b.y(); });
    // Truncation toward zero, as Python's "%d" formats a float.
    return QStringLiteral("%1 [%2, %3]").arg(name).arg(qint64(std::trunc(low->y()))).arg(qint64(std::trunc(high->y())));
}

QChart *createMeanQualityChart(const SampleResult &result, BaseScope scope)
{
    QChart *chart = makeChart(chartTitle(result, scope));
    chart->legend()->hide(); // one series: the title already names it

    const PositionHistogram &histogram = plottedHistogram(result, scope);
    const QList<QPointF> points = meanPoints(histogram);
    auto *series = new QLineSeries;
    series->setName(result.sample.name);
    series->setPen(QPen(paletteColor(0), 2));
    series->replace(points);
    chart->addSeries(series);
    addAxes(chart, histogram.positionCount(), maxY(points));
    return chart;
}

QChart *createOverlayChart(const QList<SampleResult> &results, BaseScope scope)
{
    QChart *chart =
        makeChart(scope == BaseScope::ClearRange ? QStringLiteral("Mean quality by position, clear range only")
                                                 : QStringLiteral("Mean quality by position"));

    QList<int> treatments;
    QList<int> replicates;
    for (const SampleResult &r : results) {
        if (r.sample.treatment >= 0)
            treatments.append(r.sample.treatment);
        if (r.sample.replicate >= 0)
            replicates.append(r.sample.replicate);
    }
    const QMap<int, int> treatmentRank = ranks(treatments);
    const QMap<int, int> replicateRank = ranks(replicates);
    int nextUnnamedColor = int(treatmentRank.size()); // unnamed samples take the colours after

    int positions = 0;
    double top = 0;
    for (const SampleResult &r : results) {
        const bool named = r.sample.treatment >= 0;
        const int colorIndex = named ? treatmentRank.value(r.sample.treatment) : nextUnnamedColor++;
        QPen pen(paletteColor(colorIndex), 2.5);
        pen.setCapStyle(Qt::FlatCap); // round caps would fill in the gaps of dotted lines
        if (r.sample.replicate >= 0) {
            const QList<qreal> dashes = replicateDashes(replicateRank.value(r.sample.replicate));
            if (!dashes.isEmpty())
                pen.setDashPattern(dashes);
        }

        const PositionHistogram &histogram = plottedHistogram(r, scope);
        const QList<QPointF> points = meanPoints(histogram);
        auto *series = new QLineSeries;
        series->setName(r.sample.name);
        series->setPen(pen);
        series->replace(points);
        chart->addSeries(series);
        positions = std::max(positions, histogram.positionCount());
        top = std::max(top, maxY(points));
    }
    addAxes(chart, positions, top);

    QLegend *legend = chart->legend();
    legend->setAlignment(Qt::AlignRight); // a column stays readable for a dozen samples
    legend->setFont(sizedFont(legend->font(), kLabelPoints));
    legend->setMarkerShape(QLegend::MarkerShapeFromSeries); // shows each line's dash style
    legend->show();
    return chart;
}

} // namespace qc
