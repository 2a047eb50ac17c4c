#include "tasktimelinewidget.h"

#include "charts/chartstyle.h"

#include "analysis/sample.h"

#include <QEvent>
#include <QFontMetricsF>
#include <QHelpEvent>
#include <QMap>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace qc {

namespace {

constexpr QRgb kNeutral = 0x9aa5b1; // folders without a tX_Y name
constexpr QRgb kRowShade = 0xf3f4f6;
constexpr QRgb kGrid = 0xd5d8dc;
constexpr qreal kPad = 8;

// Seconds once the run is long enough that milliseconds would need four digits.
bool useSeconds(qint64 spanUs)
{
    return spanUs >= 2'000'000;
}

QString formatTime(qint64 us, bool seconds)
{
    // A tenth of a millisecond matters for the short tasks of small folders, not past 100 ms.
    return seconds ? QStringLiteral("%1 s").arg(double(us) / 1e6, 0, 'f', 3)
                   : QStringLiteral("%1 ms").arg(double(us) / 1e3, 0, 'f', us < 100'000 ? 1 : 0);
}

// The smallest 1, 2 or 5 times a power of ten that splits `span` into at most `maxTicks` steps.
double niceStep(double span, int maxTicks)
{
    const double raw = span / std::max(maxTicks, 1);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (double factor : {1.0, 2.0, 5.0}) {
        if (factor * magnitude >= raw)
            return factor * magnitude;
    }
    return 10 * magnitude;
}

// The X of a tX_Y folder name, or -1.
int treatmentOf(const QString &folder)
{
    int treatment = -1;
    int replicate = -1;
    return parseSampleName(folder, &treatment, &replicate) ? treatment : -1;
}

} // namespace

TaskTimelineWidget::TaskTimelineWidget(QWidget *parent)
    : QWidget(parent)
{
    setAccessibleName(tr("Task timeline"));
    setAccessibleDescription(tr("One row per engine, one bar per task, from its start to its end."));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

void TaskTimelineWidget::clear()
{
    m_rows.clear();
    m_bars.clear();
    m_spanUs = 0;
    m_hasRun = false;
    updateGeometry();
    update();
}

void TaskTimelineWidget::setRun(const RunResult &run)
{
    clear();
    m_hasRun = true;
    if (run.tasks.isEmpty())
        return;

    // Treatments ranked in order, as the overlay chart ranks them, so colours match it.
    QMap<int, int> treatmentRank;
    for (const TaskTiming &task : run.tasks)
        if (const int treatment = treatmentOf(task.sample); treatment >= 0)
            treatmentRank.insert(treatment, 0);
    int rank = 0;
    for (auto it = treatmentRank.begin(); it != treatmentRank.end(); ++it)
        it.value() = rank++;

    // Rows keyed by engine id then PID; in-process runs (id -1) sort after the engines.
    QMap<std::pair<int, qint64>, QList<TaskTiming>> byEngine;
    qint64 first = run.tasks.first().startUs;
    qint64 last = run.tasks.first().endUs;
    for (const TaskTiming &task : run.tasks) {
        const int key = task.engineId >= 0 ? task.engineId : std::numeric_limits<int>::max();
        byEngine[{key, task.pid}].append(task);
        first = std::min(first, task.startUs);
        last = std::max(last, task.endUs);
    }
    m_spanUs = std::max<qint64>(last - first, 1);

    const QString inProcess = run.timing.mode == u"threads" ? tr("Thread pool")
        : run.timing.mode == u"serial"                      ? tr("Serial")
                                                            : tr("In process");
    int lane = 0;
    for (auto it = byEngine.begin(); it != byEngine.end(); ++it) {
        QList<TaskTiming> tasks = it.value();
        std::sort(tasks.begin(), tasks.end(),
                  [](const TaskTiming &a, const TaskTiming &b) { return a.startUs < b.startUs; });
        const TaskTiming &head = tasks.first();
        Row row;
        // Engines on other machines share PIDs with ours: the host tells them apart.
        if (head.engineId < 0)
            row.label = inProcess;
        else if (head.host.isEmpty())
            row.label = tr("Engine %1 (PID %2)").arg(head.engineId).arg(head.pid);
        else
            row.label = tr("Engine %1 (PID %2 on %3)").arg(head.engineId).arg(head.pid).arg(head.host);
        row.firstLane = lane;
        // A thread pool runs tasks side by side in one process: each overlapping task takes the
        // first lane that is free by its start, so no bar hides another.
        QList<qint64> laneEnds;
        qint64 busyUs = 0;
        for (const TaskTiming &task : std::as_const(tasks)) {
            busyUs += task.endUs - task.startUs;
            qsizetype free = 0;
            while (free < laneEnds.size() && laneEnds[free] > task.startUs)
                ++free;
            if (free == laneEnds.size())
                laneEnds.append(task.endUs);
            else
                laneEnds[free] = task.endUs;
            const int treatment = treatmentOf(task.sample);
            m_bars.append({int(m_rows.size()), lane + int(free), task.sample, task.startUs - first, task.endUs - first,
                           treatment >= 0 ? paletteColor(treatmentRank.value(treatment)) : QColor::fromRgb(kNeutral)});
        }
        row.lanes = int(laneEnds.size());
        lane += row.lanes;
        const QString count = tasks.size() == 1 ? tr("1 task") : tr("%1 tasks").arg(tasks.size());
        // How busy an engine was says whether the balancing worked: the lesson's point.
        const double busy = 100.0 * double(busyUs) / double(m_spanUs);
        row.detail = row.lanes == 1 ? tr("%1, busy %2 %").arg(count).arg(busy, 0, 'f', 0)
                                    : tr("%1, up to %2 at once").arg(count).arg(row.lanes);
        m_rows.append(row);
    }
    updateGeometry();
    update();
}

QString TaskTimelineWidget::rowLabel(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows[row].label : QString();
}

int TaskTimelineWidget::barRow(int index) const
{
    return index >= 0 && index < m_bars.size() ? m_bars[index].row : -1;
}

QString TaskTimelineWidget::barFolder(int index) const
{
    return index >= 0 && index < m_bars.size() ? m_bars[index].folder : QString();
}

QColor TaskTimelineWidget::barColor(int index) const
{
    return index >= 0 && index < m_bars.size() ? m_bars[index].color : QColor();
}

int TaskTimelineWidget::totalLanes() const
{
    return m_rows.isEmpty() ? 0 : m_rows.last().firstLane + m_rows.last().lanes;
}

QFont TaskTimelineWidget::rowLabelFont() const
{
    return scaledFont(font(), 1.15, true);
}

qreal TaskTimelineWidget::rowLabelWidth() const
{
    const QFontMetricsF fm(rowLabelFont());
    const QFontMetricsF detail(font());
    qreal widest = 0;
    for (const Row &row : m_rows)
        widest = std::max({widest, fm.horizontalAdvance(row.label), detail.horizontalAdvance(row.detail)});
    return widest + 2 * kPad;
}

// Tick labels and the axis title below the bars.
qreal TaskTimelineWidget::axisHeight() const
{
    return 2 * QFontMetricsF(font()).height() + 2.5 * kPad;
}

// The height that gives every lane `laneLines` lines of the widget font.
int TaskTimelineWidget::heightFor(qreal laneLines) const
{
    const qreal fontHeight = QFontMetricsF(font()).height();
    const qreal rows = qreal(std::max<qsizetype>(m_rows.size(), 1));
    return qRound(kPad + std::max(totalLanes(), 1) * fontHeight * laneLines + (rows + 1) * std::round(fontHeight * 0.5)
                  + axisHeight());
}

TaskTimelineWidget::Geometry TaskTimelineWidget::geometry() const
{
    const qreal fontHeight = QFontMetricsF(font()).height();
    // Half a tick label on the right, so the last one is not clipped.
    const qreal right = QFontMetricsF(font()).horizontalAdvance(QStringLiteral("0000.0")) / 2 + kPad;
    const qreal left = rowLabelWidth();
    const int lanes = std::max(totalLanes(), 1);

    Geometry g;
    g.rowGap = std::round(fontHeight * 0.5);
    const qreal available = height() - kPad - axisHeight() - g.rowGap * qreal(m_rows.size() + 1);
    // Lanes grow with the widget, up to where a bar stops looking like a bar.
    g.laneHeight = std::clamp(available / lanes, fontHeight * 1.6, fontHeight * 4.5);
    const qreal plotHeight = lanes * g.laneHeight + g.rowGap * qreal(m_rows.size() + 1);
    g.plot = QRectF(left, kPad, std::max<qreal>(width() - left - right, 10), plotHeight);
    return g;
}

qreal TaskTimelineWidget::laneTop(const Geometry &g, int lane) const
{
    int rowsAbove = 0;
    for (const Row &row : m_rows)
        rowsAbove += row.firstLane <= lane ? 1 : 0;
    return g.plot.top() + rowsAbove * g.rowGap + lane * g.laneHeight;
}

QRectF TaskTimelineWidget::barRect(int index) const
{
    if (index < 0 || index >= m_bars.size())
        return {};
    const Geometry g = geometry();
    const Bar &bar = m_bars[index];
    const qreal scale = g.plot.width() / double(m_spanUs);
    const qreal x0 = g.plot.left() + double(bar.startUs) * scale;
    // A task of a few microseconds would vanish; two pixels keep it visible.
    const qreal w = std::max<qreal>(double(bar.endUs - bar.startUs) * scale, 2);
    return QRectF(x0, laneTop(g, bar.lane), w, g.laneHeight);
}

QSize TaskTimelineWidget::sizeHint() const
{
    const qreal fontHeight = QFontMetricsF(font()).height();
    // Roomy lanes for the usual few engines; many engines get compact ones and a scroll bar.
    return QSize(qRound(rowLabelWidth() + 60 * fontHeight), heightFor(totalLanes() <= 4 ? 4.5 : 2.4));
}

QSize TaskTimelineWidget::minimumSizeHint() const
{
    const qreal fontHeight = QFontMetricsF(font()).height();
    return QSize(qRound(rowLabelWidth() + 20 * fontHeight), heightFor(1.6));
}

QString TaskTimelineWidget::toolTipAt(const QPoint &pos) const
{
    for (int i = 0; i < m_bars.size(); ++i) {
        if (!barRect(i).contains(pos))
            continue;
        const Bar &bar = m_bars[i];
        const bool seconds = useSeconds(m_spanUs);
        return tr("%1\n%2\nStart %3, end %4\nDuration %5")
            .arg(bar.folder, m_rows[bar.row].label, formatTime(bar.startUs, seconds), formatTime(bar.endUs, seconds),
                 formatTime(bar.endUs - bar.startUs, seconds));
    }
    return {};
}

bool TaskTimelineWidget::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        const auto *help = static_cast<QHelpEvent *>(event);
        const QString text = toolTipAt(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

void TaskTimelineWidget::changeEvent(QEvent *event)
{
    // Row labels and lane heights follow the font.
    if (event->type() == QEvent::FontChange)
        updateGeometry();
    QWidget::changeEvent(event);
}

void TaskTimelineWidget::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.fillRect(rect(), Qt::white);
    if (m_bars.isEmpty()) {
        painter.setFont(scaledFont(font(), 1.3));
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter, m_hasRun ? tr("This run had no tasks.") : tr("No run yet."));
        return;
    }
    const Geometry g = geometry();
    paintRows(painter, g);
    paintAxis(painter, g);
    painter.setFont(font());
    for (int i = 0; i < m_bars.size(); ++i)
        paintBar(painter, m_bars[i], barRect(i));
}

void TaskTimelineWidget::paintRows(QPainter &painter, const Geometry &g) const
{
    // Shaded bands, so the eye follows a row across the whole width.
    const QFont labelFont = rowLabelFont();
    const qreal labelHeight = QFontMetricsF(labelFont).height();
    const qreal detailHeight = QFontMetricsF(font()).height();
    for (qsizetype r = 0; r < m_rows.size(); ++r) {
        const Row &row = m_rows[r];
        const qreal top = laneTop(g, row.firstLane);
        const qreal h = row.lanes * g.laneHeight;
        if (r % 2 == 0)
            painter.fillRect(QRectF(0, top - g.rowGap / 2, g.plot.right(), h + g.rowGap), QColor::fromRgb(kRowShade));
        const QRectF box(kPad, top, g.plot.left() - 2 * kPad, h);
        painter.setFont(labelFont);
        painter.setPen(palette().color(QPalette::WindowText));
        if (h < labelHeight + detailHeight) {
            painter.drawText(box, Qt::AlignVCenter | Qt::AlignRight, row.label);
            continue;
        }
        const qreal y = top + (h - labelHeight - detailHeight) / 2;
        painter.drawText(QRectF(box.left(), y, box.width(), labelHeight), Qt::AlignRight, row.label);
        painter.setFont(font());
        painter.setPen(palette().color(QPalette::PlaceholderText).darker(150));
        painter.drawText(QRectF(box.left(), y + labelHeight, box.width(), detailHeight), Qt::AlignRight, row.detail);
    }
}

void TaskTimelineWidget::paintAxis(QPainter &painter, const Geometry &g) const
{
    const bool seconds = useSeconds(m_spanUs);
    const double span = double(m_spanUs) / (seconds ? 1e6 : 1e3);
    const QFontMetricsF fm(font());
    // As many ticks as fit with a label's width of space between them.
    const int maxTicks = std::max(2, int(g.plot.width() / (fm.horizontalAdvance(QStringLiteral("0000.00")) * 1.8)));
    const double step = niceStep(span, maxTicks);
    const int decimals = std::max(0, int(-std::floor(std::log10(step) + 1e-9)));
    const qreal bottom = g.plot.bottom();

    painter.setFont(font());
    const QColor text = palette().color(QPalette::WindowText);
    for (int k = 0; k * step <= span * (1 + 1e-9); ++k) {
        const qreal x = g.plot.left() + k * step / span * g.plot.width();
        painter.setPen(QPen(QColor::fromRgb(kGrid), 1, Qt::DotLine));
        painter.drawLine(QPointF(x, g.plot.top()), QPointF(x, bottom));
        painter.setPen(text);
        painter.drawLine(QPointF(x, bottom), QPointF(x, bottom + kPad / 2));
        const QString label = QString::number(k * step, 'f', decimals);
        const qreal w = fm.horizontalAdvance(label);
        painter.drawText(QRectF(x - w / 2 - 2, bottom + kPad / 2, w + 4, fm.height()), Qt::AlignCenter, label);
    }
    painter.drawLine(QPointF(g.plot.left(), bottom), QPointF(g.plot.right(), bottom));
    const QString title =
        seconds ? tr("Seconds since the first task started") : tr("Milliseconds since the first task started");
    painter.drawText(QRectF(g.plot.left(), bottom + kPad + fm.height(), g.plot.width(), fm.height() + kPad),
                     Qt::AlignHCenter | Qt::AlignTop, title);
}

void TaskTimelineWidget::paintBar(QPainter &painter, const Bar &bar, const QRectF &rect) const
{
    // An inset keeps back-to-back tasks on one engine apart.
    const QRectF box = rect.adjusted(0.5, 2, -0.5, -2);
    painter.setPen(QPen(bar.color.darker(130), 1));
    painter.setBrush(bar.color);
    painter.drawRoundedRect(box, 2, 2);

    const QFontMetricsF fm(painter.font());
    const qreal room = box.width() - 6;
    const QString &label = bar.folder;
    // The folder's name whole or not at all: "t…" says no more than the colour, and the
    // tooltip names the folder.
    if (room <= 0 || label.isEmpty() || fm.horizontalAdvance(label) > room)
        return;
    painter.setPen(qGray(bar.color.rgb()) > 150 ? Qt::black : Qt::white);
    // A tall bar has room for its duration under the name, when the duration fits whole.
    const QString duration = formatTime(bar.endUs - bar.startUs, useSeconds(m_spanUs));
    if (box.height() >= 2.4 * fm.height() && fm.horizontalAdvance(duration) <= room) {
        const qreal y = box.center().y() - fm.height();
        painter.drawText(QRectF(box.left(), y, box.width(), fm.height()), Qt::AlignCenter, label);
        painter.drawText(QRectF(box.left(), y + fm.height(), box.width(), fm.height()), Qt::AlignCenter, duration);
        return;
    }
    painter.drawText(box, Qt::AlignCenter, label);
}

} // namespace qc
