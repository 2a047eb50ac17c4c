#include "interactivechartview.h"

#include "chartstyle.h"
#include "qualitybands.h"

#include <QChart>
#include <QKeyEvent>
#include <QLineSeries>
#include <QMouseEvent>
#include <QStringList>
#include <QToolTip>
#include <QValueAxis>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <memory>

namespace qc {

namespace {

constexpr qreal kWheelZoomStep = 0.8; // per notch: five notches show about a third
constexpr qreal kKeyPanFraction = 0.1;

} // namespace

InteractiveChartView::InteractiveChartView(QWidget *parent)
    : QChartView(parent)
{
    setRenderHint(QPainter::Antialiasing);
    setRenderHint(QPainter::TextAntialiasing);
    setRubberBand(QChartView::NoRubberBand); // dragging pans instead
    setFocusPolicy(Qt::StrongFocus); // keys zoom and pan too
    viewport()->setMouseTracking(true); // hovering shows the tooltip
}

void InteractiveChartView::showChart(QChart *newChart, bool keepXRange)
{
    if (!newChart)
        newChart = new QChart; // a view always shows some chart
    std::optional<std::pair<qreal, qreal>> keptRange;
    if (keepXRange && isZoomed())
        keptRange = std::pair(xAxis()->min(), xAxis()->max());

    // setChart() hands the previous chart back to us rather than deleting it.
    const std::unique_ptr<QChart> previous(chart() == newChart ? nullptr : chart());
    m_original.clear();
    m_dragFrom.reset();
    setChart(newChart);

    const auto axes = newChart->axes();
    for (QAbstractAxis *axis : axes) {
        if (auto *value = qobject_cast<QValueAxis *>(axis))
            m_original.append({value, value->min(), value->max()});
    }
    keepChartReadable(newChart); // ticks, title and legend fit the view, zoomed or not
    if (keptRange)
        setXRange(keptRange->first, keptRange->second);
}

void InteractiveChartView::setSamples(const QList<SampleResult> &samples)
{
    m_stats.clear();
    for (const SampleResult &result : samples)
        m_stats.insert(result.sample.name, positionStats(result.histogram));
}

QString InteractiveChartView::hoverText(const QPoint &viewportPos) const
{
    QChart *c = chart();
    const QPointF chartPos = c->mapFromScene(mapToScene(viewportPos));
    if (!c->plotArea().contains(chartPos))
        return {};

    // In an overlay, the folder whose mean at this position is nearest the mouse vertically.
    const QList<QLineSeries *> candidates = dataSeries();
    const PositionStats *best = nullptr;
    QString bestName;
    qreal bestDistance = 0;
    for (QLineSeries *series : candidates) {
        const auto found = m_stats.constFind(series->name());
        if (found == m_stats.constEnd())
            continue;
        const long position = std::lround(c->mapToValue(chartPos, series).x());
        if (position < 1 || position > long(found->size()))
            continue;
        const PositionStats &stats = (*found)[std::size_t(position - 1)];
        if (stats.count == 0)
            continue;
        const QPointF at = c->mapToPosition(QPointF(stats.position, stats.mean), series);
        const qreal distance = std::abs(at.y() - chartPos.y());
        if (!best || distance < bestDistance) {
            best = &stats;
            bestName = series->name();
            bestDistance = distance;
        }
    }
    if (!best)
        return {};

    QStringList text;
    if (candidates.size() > 1)
        text.append(bestName);
    text.append(tr("Position: %1").arg(best->position));
    text.append(tr("Mean: %1").arg(best->mean, 0, 'f', 1));
    text.append(tr("Median: %1").arg(best->median, 0, 'g', 4));
    text.append(tr("Count: %1").arg(best->count));
    return text.join(u'\n');
}

void InteractiveChartView::zoomX(qreal factor, const QPoint &viewportPos)
{
    QValueAxis *x = xAxis();
    if (!x || factor <= 0)
        return;
    QChart *c = chart();
    QPointF chartPos = c->mapFromScene(mapToScene(viewportPos));
    if (!c->plotArea().contains(chartPos))
        chartPos = c->plotArea().center();
    // The value under the mouse before the zoom stays under it after.
    const qreal span = x->max() - x->min();
    const qreal fraction = (chartPos.x() - c->plotArea().left()) / c->plotArea().width();
    const qreal anchor = x->min() + fraction * span;
    const qreal newSpan = span * factor;
    setXRange(anchor - fraction * newSpan, anchor + (1 - fraction) * newSpan);
}

void InteractiveChartView::panX(qreal pixels)
{
    QValueAxis *x = xAxis();
    if (!x || !isZoomed())
        return; // the whole range is in view: nothing to pan to
    chart()->scroll(pixels, 0);
    setXRange(x->min(), x->max()); // keeps the view inside the data's range
}

bool InteractiveChartView::isZoomed() const
{
    const QValueAxis *x = xAxis();
    if (!x)
        return false;
    for (const AxisState &state : m_original) {
        if (state.axis == x)
            return x->min() != state.min || x->max() != state.max;
    }
    return false;
}

void InteractiveChartView::resetZoom()
{
    for (const AxisState &state : m_original)
        state.axis->setRange(state.min, state.max);
}

void InteractiveChartView::wheelEvent(QWheelEvent *event)
{
    const qreal notches = event->angleDelta().y() / 120.0;
    if (notches == 0) {
        QChartView::wheelEvent(event);
        return;
    }
    zoomX(std::pow(kWheelZoomStep, notches), event->position().toPoint());
    event->accept();
}

void InteractiveChartView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        m_dragFrom = event->position().toPoint();
        QToolTip::hideText();
        if (isZoomed())
            viewport()->setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    QChartView::mousePressEvent(event);
}

void InteractiveChartView::mouseMoveEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    if (m_dragFrom && (event->buttons() & Qt::LeftButton)) {
        panX(m_dragFrom->x() - pos.x()); // the data follows the mouse
        m_dragFrom = pos;
        event->accept();
        return;
    }
    const QString text = hoverText(pos);
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(viewport()->mapToGlobal(pos), text, viewport());
    QChartView::mouseMoveEvent(event);
}

void InteractiveChartView::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && m_dragFrom) {
        m_dragFrom.reset();
        viewport()->unsetCursor();
        event->accept();
        return;
    }
    QChartView::mouseReleaseEvent(event);
}

void InteractiveChartView::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        resetZoom();
        event->accept();
        return;
    }
    QChartView::mouseDoubleClickEvent(event);
}

void InteractiveChartView::keyPressEvent(QKeyEvent *event)
{
    const QPoint centre = viewport()->rect().center();
    const qreal step = chart()->plotArea().width() * kKeyPanFraction;
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomX(kWheelZoomStep, centre);
        break;
    case Qt::Key_Minus:
        zoomX(1 / kWheelZoomStep, centre);
        break;
    case Qt::Key_Left:
        panX(-step);
        break;
    case Qt::Key_Right:
        panX(step);
        break;
    case Qt::Key_Home:
    case Qt::Key_0:
        resetZoom();
        break;
    default:
        QChartView::keyPressEvent(event);
        return;
    }
    event->accept();
}

void InteractiveChartView::leaveEvent(QEvent *event)
{
    QToolTip::hideText();
    QChartView::leaveEvent(event);
}

QValueAxis *InteractiveChartView::xAxis() const
{
    const auto axes = chart()->axes(Qt::Horizontal);
    return axes.isEmpty() ? nullptr : qobject_cast<QValueAxis *>(axes.first());
}

// Clamps the range to the one the chart was shown with; keepChartReadable() picks the ticks.
void InteractiveChartView::setXRange(qreal min, qreal max)
{
    QValueAxis *x = xAxis();
    const auto original =
        std::find_if(m_original.cbegin(), m_original.cend(), [x](const AxisState &s) { return s.axis == x; });
    if (!x || original == m_original.cend())
        return;
    const qreal fullSpan = original->max - original->min;
    const qreal minSpan = std::min(fullSpan, std::max<qreal>(4, fullSpan / 500));
    qreal span = std::clamp(max - min, minSpan, fullSpan);
    if (span >= fullSpan) {
        resetZoom();
        return;
    }
    min = std::clamp(min + ((max - min) - span) / 2, original->min, original->max - span);
    x->setRange(min, min + span);
}

QList<QLineSeries *> InteractiveChartView::dataSeries() const
{
    QList<QLineSeries *> lines;
    const auto all = chart()->series();
    for (QAbstractSeries *series : all) {
        auto *line = qobject_cast<QLineSeries *>(series);
        if (line && line->isVisible() && !isChartDecoration(line))
            lines.append(line);
    }
    return lines;
}

} // namespace qc
