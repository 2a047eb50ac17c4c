#include "qualitybands.h"

#include "stats/positionstats.h"

#include <QAreaSeries>
#include <QBrush>
#include <QChart>
#include <QColor>
#include <QCoreApplication>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QList>
#include <QPen>
#include <QValueAxis>
#include <QVariant>

#include <algorithm>
#include <array>

namespace qc {

namespace {

// Decorations carry their layer in a property; data series have none and stay on top.
constexpr char kLayerProperty[] = "qcChartLayer";
constexpr char kNoMarkerProperty[] = "qcNoLegendMarker";
enum Layer { ZoneLayer = 1, BandLayer = 2, DataLayer = 3 };

// The band takes the mean line's colour (the charts' first palette colour) so they read as one.
constexpr QRgb kBandColor = 0x1f77b4;

// FastQC's thresholds: below 20 is poor, 20 to 28 reasonable, above 28 good.
constexpr double kPoorBelow = 20;
constexpr double kGoodAbove = 28;

struct Zone
{
    QRgb color;
    int alpha;
};
// Light enough that the grid, band and line stay readable on top.
constexpr std::array<Zone, 3> kZones{{{0xe53935, 44}, {0xfb8c00, 44}, {0x43a047, 36}}};

QString tr(const char *text)
{
    return QCoreApplication::translate("qc::QualityBands", text);
}

int layerOf(const QAbstractSeries *series)
{
    const QVariant layer = series->property(kLayerProperty);
    return layer.isValid() ? layer.toInt() : DataLayer;
}

QValueAxis *chartAxis(const QChart *chart, Qt::Orientation orientation)
{
    const auto axes = chart->axes(orientation);
    return axes.isEmpty() ? nullptr : qobject_cast<QValueAxis *>(axes.first());
}

// Qt Charts draws lines and areas in the order they were added. To slide new series under the
// ones above their layer, take those off, add the new ones, and put them back with their axes.
void addAtLayer(QChart *chart, const QList<QAbstractSeries *> &added, Layer layer)
{
    struct Lifted
    {
        QAbstractSeries *series;
        QList<QAbstractAxis *> axes;
    };
    QList<Lifted> lifted;
    const auto existing = chart->series();
    for (QAbstractSeries *series : existing) {
        if (layerOf(series) > layer)
            lifted.append({series, series->attachedAxes()});
    }
    for (const Lifted &l : lifted)
        chart->removeSeries(l.series); // ownership comes back to us until re-added

    QValueAxis *x = chartAxis(chart, Qt::Horizontal);
    QValueAxis *y = chartAxis(chart, Qt::Vertical);
    for (QAbstractSeries *series : added) {
        series->setProperty(kLayerProperty, int(layer));
        chart->addSeries(series);
        if (x)
            series->attachAxis(x);
        if (y)
            series->attachAxis(y);
    }
    for (const Lifted &l : lifted) {
        chart->addSeries(l.series);
        for (QAbstractAxis *axis : l.axes)
            l.series->attachAxis(axis);
    }

    // Re-adding a series makes a new legend marker, so set the markers up after every change:
    // areas as filled squares (their shape from the series is an empty box), lines as lines.
    const auto all = chart->series();
    for (QAbstractSeries *series : all) {
        const bool hidden = series->property(kNoMarkerProperty).toBool();
        const bool area = series->type() == QAbstractSeries::SeriesTypeArea;
        const auto markers = chart->legend()->markers(series);
        for (QLegendMarker *marker : markers) {
            marker->setVisible(!hidden);
            marker->setShape(area ? QLegend::MarkerShapeRectangle : QLegend::MarkerShapeFromSeries);
            if (area) {
                // A small square needs more colour than a wide area to read as the same tint.
                QColor tint = static_cast<QAreaSeries *>(series)->brush().color();
                tint.setAlpha(std::min(255, tint.alpha() * 2));
                marker->setBrush(tint);
            }
        }
    }
}

// The title names the folder; a legend under the plot says what the band and colours are.
void showLegend(QChart *chart)
{
    QLegend *legend = chart->legend();
    legend->setAlignment(Qt::AlignBottom);
    if (const QValueAxis *x = chartAxis(chart, Qt::Horizontal))
        legend->setFont(x->labelsFont()); // the same size as the tick labels
    legend->show();
}

QAreaSeries *makeArea(const QString &name, const QList<QPointF> &upper, const QList<QPointF> &lower)
{
    auto *area = new QAreaSeries;
    area->setName(name);
    // An area does not own its boundary lines; parenting them to it does.
    auto *upperLine = new QLineSeries(area);
    auto *lowerLine = new QLineSeries(area);
    upperLine->replace(upper);
    lowerLine->replace(lower);
    area->setUpperSeries(upperLine);
    area->setLowerSeries(lowerLine);
    return area;
}

QLineSeries *makeWhisker(const QList<QPointF> &points, bool inLegend)
{
    auto *line = new QLineSeries;
    line->setName(percentileWhiskersName());
    // Thin and faint: per-position percentiles are jagged, and dashes on them read as noise.
    QColor color = QColor::fromRgb(kBandColor);
    color.setAlpha(150);
    line->setPen(QPen(color, 1));
    line->replace(points);
    line->setProperty(kNoMarkerProperty, !inLegend); // two lines, one legend entry
    return line;
}

} // namespace

QString interquartileBandName()
{
    return tr("Q1–Q3");
}

QString percentileWhiskersName()
{
    return tr("10th–90th percentile");
}

QString qualityZoneName(int zone)
{
    switch (zone) {
    case 0:
        return tr("Poor (below 20)");
    case 1:
        return tr("Reasonable (20–28)");
    default:
        return tr("Good (above 28)");
    }
}

bool isChartDecoration(const QAbstractSeries *series)
{
    return series && layerOf(series) != DataLayer;
}

void addInterquartileBand(QChart *chart, const SampleResult &result)
{
    if (!chart)
        return;
    QList<QPointF> q1, q3, p10, p90;
    for (const PositionStats &stats : positionStats(result.histogram)) {
        if (stats.count == 0)
            continue; // no values: a gap, as the mean line has
        q1.append(QPointF(stats.position, stats.q1));
        q3.append(QPointF(stats.position, stats.q3));
        p10.append(QPointF(stats.position, stats.p10));
        p90.append(QPointF(stats.position, stats.p90));
    }

    QAreaSeries *band = makeArea(interquartileBandName(), q3, q1);
    QColor fill = QColor::fromRgb(kBandColor);
    fill.setAlpha(70);
    band->setBrush(fill);
    band->setPen(Qt::NoPen); // an outline would double the jagged whisker lines

    addAtLayer(chart, {band, makeWhisker(p10, true), makeWhisker(p90, false)}, BandLayer);
    showLegend(chart);
}

void addQualityZones(QChart *chart)
{
    QValueAxis *x = chart ? chartAxis(chart, Qt::Horizontal) : nullptr;
    QValueAxis *y = chart ? chartAxis(chart, Qt::Vertical) : nullptr;
    if (!x || !y)
        return;
    // Zones span the axes' ranges as they are now; the interactive view never pans beyond them.
    const double left = x->min();
    const double right = x->max();
    const std::array<double, 4> edges{y->min(), kPoorBelow, kGoodAbove, std::max(y->max(), kGoodAbove)};

    QList<QAbstractSeries *> zones;
    for (int zone = 0; zone < 3; ++zone) {
        const double bottom = edges[std::size_t(zone)];
        const double top = edges[std::size_t(zone) + 1];
        QAreaSeries *area =
            makeArea(qualityZoneName(zone), {{left, top}, {right, top}}, {{left, bottom}, {right, bottom}});
        QColor color = QColor::fromRgb(kZones[std::size_t(zone)].color);
        color.setAlpha(kZones[std::size_t(zone)].alpha);
        area->setBrush(color);
        area->setPen(Qt::NoPen);
        zones.append(area);
    }
    addAtLayer(chart, zones, ZoneLayer);
    showLegend(chart);
}

} // namespace qc
