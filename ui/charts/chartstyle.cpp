#include "chartstyle.h"

#include <QChart>
#include <QFontMetricsF>
#include <QGraphicsItem>
#include <QGraphicsLayout>
#include <QHash>
#include <QLegend>
#include <QValueAxis>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace qc {

namespace {

constexpr std::array<QRgb, 10> kPalette{0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd,
                                        0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf};

// The smallest 1, 2, 2.5 or 5 times a power of ten that is at least `raw` (at least 1): a tick
// step whose labels stay whole numbers, 0, 250, 500 when 200 is too dense and 500 too sparse.
qreal roundUp(qreal raw)
{
    const qreal magnitude = std::pow(10.0, std::floor(std::log10(std::max<qreal>(raw, 1))));
    for (qreal factor : {1.0, 2.0, 2.5, 5.0}) {
        const qreal step = factor * magnitude;
        if (step == std::floor(step) && step >= raw * (1 - 1e-9))
            return step;
    }
    return 10 * magnitude;
}

// Refits one chart whenever it is laid out. A child of the chart, so it goes with it.
class ChartFitter : public QObject
{
public:
    explicit ChartFitter(QChart *chart)
        : QObject(chart)
        , m_chart(chart)
        , m_title(chart->title())
        , m_titleFont(chart->titleFont())
        , m_margins(chart->margins())
        , m_legendFont(chart->legend()->font())
        , m_wrapLegend(chart->legend()->isVisible() && chart->legend()->alignment() == Qt::AlignBottom)
    {
        setObjectName(QStringLiteral("qcChartFitter"));
        const auto axes = chart->axes();
        for (QAbstractAxis *axis : axes) {
            auto *value = qobject_cast<QValueAxis *>(axis);
            if (!value || !value->labelFormat().contains(u'd') || value->tickCount() < 2)
                continue;
            // The density the chart was made with: fitting only ever makes ticks sparser.
            m_intervals.insert(value, value->tickCount() - 1);
            connect(value, &QValueAxis::rangeChanged, this, [this, value] { fitTicks(value); });
        }
        connect(chart, &QChart::plotAreaChanged, this, &ChartFitter::fit);
        fit();
    }

private:
    void fit()
    {
        if (m_fitting)
            return; // the changes below lay the chart out again, and it calls back later
        m_fitting = true;
        fitTitle();
        for (auto it = m_intervals.cbegin(); it != m_intervals.cend(); ++it)
            fitTicks(it.key());
        fitLegend();
        m_fitting = false;
    }

    // The chart's rectangle inside its layout's and its own margins, as laid out with the margins
    // it was made with: where the title, plot and an attached legend go.
    QRectF content() const
    {
        qreal left = 0, top = 0, right = 0, bottom = 0;
        if (m_chart->layout())
            m_chart->layout()->getContentsMargins(&left, &top, &right, &bottom);
        return m_chart->rect().adjusted(left + m_margins.left(), top + m_margins.top(), -(right + m_margins.right()),
                                        -(bottom + m_margins.bottom()));
    }

    // The title in the font it was made with, or a smaller one (down to the chart's own font)
    // that fits the width; if none does, on two lines broken at the space nearest the middle.
    void fitTitle()
    {
        const qreal width = content().width();
        if (m_title.isEmpty() || width <= 0 || m_titleFont.pointSizeF() <= 0)
            return;
        const qreal smallest = std::min(m_titleFont.pointSizeF(), m_chart->font().pointSizeF());
        QStringList lines{m_title};
        QFont font = m_titleFont;
        // The title is drawn with a little padding around the text.
        const auto fits = [&] {
            const QFontMetricsF metrics(font);
            for (const QString &line : std::as_const(lines))
                if (metrics.horizontalAdvance(line) + metrics.height() > width)
                    return false;
            return true;
        };
        const auto shrink = [&] {
            font = m_titleFont;
            while (!fits() && font.pointSizeF() > smallest)
                font.setPointSizeF(std::max(smallest, font.pointSizeF() - 0.5));
        };
        shrink();
        const qsizetype space = nearestSpace(m_title, m_title.size() / 2);
        if (!fits() && space > 0) {
            lines = QStringList{m_title.left(space), m_title.mid(space + 1)};
            shrink();
        }
        // Two lines go to the chart as rich text, the only way its title takes a line break.
        const QString title =
            lines.size() == 1 ? m_title : lines[0].toHtmlEscaped() + QStringLiteral("<br>") + lines[1].toHtmlEscaped();
        if (m_chart->titleFont() != font)
            m_chart->setTitleFont(font);
        if (m_chart->title() != title)
            m_chart->setTitle(title);
    }

    static qsizetype nearestSpace(const QString &text, qsizetype middle)
    {
        for (qsizetype offset = 0; offset < text.size(); ++offset) {
            if (middle - offset >= 0 && text[middle - offset] == u' ')
                return middle - offset;
            if (middle + offset < text.size() && text[middle + offset] == u' ')
                return middle + offset;
        }
        return -1;
    }

    void fitTicks(QValueAxis *axis)
    {
        const QRectF plot = m_chart->plotArea();
        const bool horizontal = axis->orientation() == Qt::Horizontal;
        const qreal length = horizontal ? plot.width() : plot.height();
        const qreal span = axis->max() - axis->min();
        if (length <= 0 || span <= 0)
            return;
        // A label needs its own width (height, up the side) and a gap of about two digits.
        const QFontMetricsF metrics(axis->labelsFont());
        const QString widest =
            QString::number(std::max(std::abs(std::trunc(axis->min())), std::abs(std::trunc(axis->max()))));
        const qreal perTick =
            horizontal ? metrics.horizontalAdvance(widest) + metrics.height() : 1.5 * metrics.height();
        const qreal fitting = std::max<qreal>(1, std::floor(length / perTick));
        const qreal interval = roundUp(std::max({span / m_intervals.value(axis), span / fitting, 1.0}));
        if (axis->tickType() != QValueAxis::TicksDynamic || axis->tickInterval() != interval
            || axis->tickAnchor() != 0) {
            axis->setTickType(QValueAxis::TicksDynamic);
            axis->setTickAnchor(0); // ticks on multiples of the interval: 0, 200, 400
            axis->setTickInterval(interval);
        }
    }

    // Qt lays an attached legend out in one row and elides its labels when they do not fit. A
    // detached one wraps into rows; this one is placed where the attached legend was, under the
    // plot, and the chart's bottom margin makes room for its rows.
    void fitLegend()
    {
        QLegend *legend = m_chart->legend();
        const QRectF area = content();
        if (!m_wrapLegend || !legend->isVisible() || area.width() <= 0)
            return;
        if (legend->isAttachedToChart()) {
            legend->detachFromChart();
            legend->setAlignment(Qt::AlignTop); // a detached legend fills its rows from the top
        }
        // Rows in the font the chart was made with, or, past two rows, a smaller one (down to the
        // chart's own) that needs fewer: they take the plot's height.
        QFont font = m_legendFont;
        const qreal smallest = std::min(font.pointSizeF(), m_chart->font().pointSizeF());
        Rows rows = wrapLegend(legend, area, font);
        while (rows.count > 2 && font.pointSizeF() > smallest) {
            font.setPointSizeF(std::max(smallest, font.pointSizeF() - 1));
            rows = wrapLegend(legend, area, font);
        }
        QMargins margins = m_margins;
        margins.setBottom(m_margins.bottom() + int(rows.height));
        if (m_chart->margins() != margins)
            m_chart->setMargins(margins);
    }

    struct Rows
    {
        int count = 0;
        qreal height = 0;
    };

    // Lays the legend out in rows in `font` across the bottom of `area`.
    static Rows wrapLegend(QLegend *legend, const QRectF &area, const QFont &font)
    {
        if (legend->font() != font)
            legend->setFont(font);
        // Laid out as wide as the chart first, for the markers' own widths.
        layOut(legend, QRectF(area.left(), area.bottom(), area.width(), area.height()));
        qreal width = area.width();
        const QList<qreal> widths = markerWidths(legend);
        qreal left = 0, top = 0, right = 0, bottom = 0;
        legend->layout()->getContentsMargins(&left, &top, &right, &bottom);
        // Of the widths at which no marker sticks out, the one with the fewest rows.
        const qreal widest = widths.isEmpty() ? 0 : *std::max_element(widths.cbegin(), widths.cend());
        int fewest = std::numeric_limits<int>::max();
        for (qreal candidate = width; candidate >= widest + left + right; candidate -= 1) {
            const int rows = rowsFor(widths, candidate - 2 * right);
            if (rows > 0 && rows < fewest) {
                fewest = rows;
                width = candidate;
            }
        }
        layOut(legend, QRectF(area.left(), area.bottom(), width, area.height()));
        const QRectF used = markersRect(legend);
        const qreal height = std::ceil(used.bottom());
        layOut(legend,
               QRectF(area.left() + std::max<qreal>(0, (area.width() - used.width()) / 2 - used.left()),
                      area.bottom() - height, width, height));
        return {fewest == std::numeric_limits<int>::max() ? 1 : fewest, height};
    }

    static void layOut(QLegend *legend, const QRectF &geometry)
    {
        legend->setGeometry(geometry);
        legend->layout()->setGeometry(legend->contentsRect()); // now, even when the size is the same
    }

    // Qt's rows for a detached legend: each marker goes where the last one ended, and a new row
    // starts when another marker as wide as this one would pass `limit`. A wider marker after a
    // narrower one can then stick out past the edge (or, alone in a row, be elided): 0 rows.
    static int rowsFor(const QList<qreal> &widths, qreal limit)
    {
        qreal x = 0;
        int rows = 1;
        for (qsizetype i = 0; i < widths.size(); ++i) {
            if (x + widths[i] > limit)
                return 0;
            x += widths[i];
            if (x + widths[i] > limit && i + 1 < widths.size()) {
                x = 0;
                ++rows;
            }
        }
        return rows;
    }

    // The shown markers' items, in the order the legend lays them out: rows, left to right.
    static QList<const QGraphicsItem *> markerItems(const QLegend *legend)
    {
        QList<const QGraphicsItem *> items;
        const auto groups = legend->childItems();
        for (const QGraphicsItem *group : groups) {
            const auto markers = group->childItems();
            for (const QGraphicsItem *marker : markers) {
                if (marker->isVisible())
                    items.append(marker);
            }
        }
        std::sort(items.begin(), items.end(), [](const QGraphicsItem *a, const QGraphicsItem *b) {
            return std::pair(a->pos().y(), a->pos().x()) < std::pair(b->pos().y(), b->pos().x());
        });
        return items;
    }

    static QList<qreal> markerWidths(const QLegend *legend)
    {
        QList<qreal> widths;
        for (const QGraphicsItem *item : markerItems(legend))
            widths.append(item->boundingRect().width());
        return widths;
    }

    // Where the legend's shown markers are, in its coordinates (hidden ones keep old places).
    static QRectF markersRect(const QLegend *legend)
    {
        QRectF used;
        for (const QGraphicsItem *item : markerItems(legend))
            used |= item->parentItem()->mapRectToParent(item->mapRectToParent(item->boundingRect()));
        return used;
    }

    QChart *m_chart;
    const QString m_title; // as made: fitting may break it in two
    const QFont m_titleFont;
    const QMargins m_margins;
    const QFont m_legendFont;
    const bool m_wrapLegend;
    QHash<QValueAxis *, int> m_intervals; // axis: tick intervals it was made with
    bool m_fitting = false;
};

} // namespace

QColor paletteColor(int index)
{
    if (index >= 0 && index < int(kPalette.size()))
        return QColor::fromRgb(kPalette[std::size_t(index)]);
    const double hue = std::fmod(0.61803398875 * index, 1.0);
    return QColor::fromHsvF(float(hue), 0.75f, 0.8f);
}

QFont scaledFont(QFont font, qreal factor, bool bold)
{
    if (font.pointSizeF() > 0)
        font.setPointSizeF(font.pointSizeF() * factor);
    else
        font.setPixelSize(qMax(1, qRound(font.pixelSize() * factor)));
    font.setBold(bold);
    return font;
}

void keepChartReadable(QChart *chart)
{
    if (chart && !chart->findChild<QObject *>(QStringLiteral("qcChartFitter"), Qt::FindDirectChildrenOnly))
        new ChartFitter(chart);
}

} // namespace qc
