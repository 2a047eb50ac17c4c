#include "timingpanel.h"

#include "analysis/runbreakdown.h"

#include "charts/chartstyle.h"

#include "tasktimelinewidget.h"

#include <QFontMetrics>
#include <QFontMetricsF>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QStringList>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace qc {

namespace {

// Colours from the charts' palette: grey for the serial baseline, blue for this run, green for
// what perfect scaling would give.
constexpr QRgb kSerialColor = 0x7f7f7f;
constexpr QRgb kParallelColor = 0x1f77b4;
constexpr QRgb kIdealColor = 0x2ca02c;
constexpr qreal kPad = 8;

QString formatSeconds(double seconds)
{
    // Three decimals for the sub-second runs that are common here, fewer when they add nothing.
    return QStringLiteral("%1 s").arg(seconds, 0, 'f', seconds < 10 ? 3 : 2);
}

bool inProcess(const RunTiming &timing)
{
    return timing.mode == u"threads" || timing.mode == u"serial";
}

QString workersWord(const RunTiming &timing)
{
    const bool one = timing.engines == 1;
    if (inProcess(timing))
        return one ? TimingPanel::tr("thread") : TimingPanel::tr("threads");
    return one ? TimingPanel::tr("engine") : TimingPanel::tr("engines");
}

// "2 engines", or "Serial run" for the one-thread mode, which has no workers to count.
QString workersPhrase(const RunTiming &timing)
{
    if (timing.mode == u"serial")
        return TimingPanel::tr("Serial run");
    return QStringLiteral("%1 %2").arg(timing.engines).arg(workersWord(timing));
}

} // namespace

// Horizontal bars for serial, this run and the ideal, each with its seconds written after it.
// Painted rather than charted: three labelled bars need no axes, and text stays legible at any size.
class TimingBarsWidget : public QWidget
{
public:
    struct Entry
    {
        QString label;
        double seconds = 0;
        QColor color;
    };

    explicit TimingBarsWidget(QWidget *parent = nullptr)
        : QWidget(parent)
    {
        setAccessibleName(TimingPanel::tr("Serial and parallel seconds"));
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    }

    void setEntries(const QList<Entry> &entries, const QString &caption)
    {
        m_entries = entries;
        m_caption = caption;
        QStringList description;
        for (const Entry &e : entries)
            description.append(QStringLiteral("%1: %2").arg(e.label, formatSeconds(e.seconds)));
        setAccessibleDescription(description.join(QStringLiteral("; ")));
        updateGeometry();
        update();
    }

    QSize sizeHint() const override
    {
        const qreal fh = QFontMetricsF(font()).height();
        return QSize(qRound(40 * fh), qRound((std::max<qsizetype>(m_entries.size(), 1) * 3 + 3) * fh));
    }

    QSize minimumSizeHint() const override
    {
        const qreal fh = QFontMetricsF(font()).height();
        return QSize(qRound(24 * fh), qRound((std::max<qsizetype>(m_entries.size(), 1) * 2 + 3) * fh));
    }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter painter(this);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.fillRect(rect(), Qt::white);
        const QFont labelFont = scaledFont(font(), 1.15, true);
        const QFont valueFont = scaledFont(font(), 1.15);
        const QFontMetricsF labelMetrics(labelFont);
        const QFontMetricsF valueMetrics(valueFont);
        const QColor text = palette().color(QPalette::WindowText);
        if (m_entries.isEmpty()) {
            painter.setFont(scaledFont(font(), 1.3));
            painter.setPen(palette().color(QPalette::PlaceholderText));
            painter.drawText(rect(), Qt::AlignCenter, TimingPanel::tr("No run yet."));
            return;
        }

        qreal labelWidth = 0;
        double longest = 0;
        for (const Entry &e : std::as_const(m_entries)) {
            labelWidth = std::max(labelWidth, labelMetrics.horizontalAdvance(e.label));
            longest = std::max(longest, e.seconds);
        }
        const qreal valueWidth = valueMetrics.horizontalAdvance(formatSeconds(longest)) + 2 * kPad;
        const qreal left = labelWidth + 2 * kPad;
        const qreal barSpace = std::max<qreal>(width() - left - valueWidth - kPad, 10);

        // The caption sits under the bars; the bars share the rest, thick enough to read but not
        // so thick that three of them look like blocks.
        const qreal captionHeight = m_caption.isEmpty() ? 0 : 2.4 * QFontMetricsF(font()).height() + kPad;
        const qreal available = height() - 2 * kPad - captionHeight;
        const qsizetype n = m_entries.size();
        const qreal slot = available / qreal(n);
        const qreal thickness = std::clamp(slot * 0.62, labelMetrics.height() * 1.3, labelMetrics.height() * 4.0);
        const qreal top = kPad + (available - slot * qreal(n)) / 2;

        for (qsizetype i = 0; i < n; ++i) {
            const Entry &e = m_entries[i];
            const qreal y = top + slot * qreal(i) + (slot - thickness) / 2;
            const qreal w = longest > 0 ? std::max<qreal>(e.seconds / longest * barSpace, 2) : 2;
            painter.setFont(labelFont);
            painter.setPen(text);
            painter.drawText(QRectF(kPad, y, labelWidth, thickness), Qt::AlignVCenter | Qt::AlignRight, e.label);
            painter.setPen(Qt::NoPen);
            painter.setBrush(e.color);
            painter.drawRoundedRect(QRectF(left, y, w, thickness), 2, 2);
            painter.setFont(valueFont);
            painter.setPen(text);
            painter.drawText(QRectF(left + w + kPad, y, valueWidth, thickness), Qt::AlignVCenter | Qt::AlignLeft,
                             formatSeconds(e.seconds));
        }
        painter.setPen(text);
        painter.drawLine(QPointF(left, kPad), QPointF(left, kPad + available));
        if (!m_caption.isEmpty()) {
            painter.setFont(font());
            painter.setPen(palette().color(QPalette::PlaceholderText).darker(150));
            painter.drawText(QRectF(kPad, height() - captionHeight, width() - 2 * kPad, captionHeight - kPad),
                             Qt::AlignLeft | Qt::AlignBottom | Qt::TextWordWrap, m_caption);
        }
    }

private:
    QList<Entry> m_entries;
    QString m_caption;
};

// QScrollArea caps its size hint at 24 lines of text, too little for a timeline of four engines;
// this one asks for what the rows need, up to 30 lines, so bars and table keep room above it.
class TimelineScrollArea : public QScrollArea
{
public:
    using QScrollArea::QScrollArea;

    QSize sizeHint() const override
    {
        if (!widget())
            return QScrollArea::sizeHint();
        const int frame = 2 * frameWidth();
        const int cap = 30 * fontMetrics().height();
        const QSize hint = widget()->sizeHint();
        return QSize(hint.width() + frame, std::min(hint.height(), cap) + frame);
    }
};

TimingPanel::TimingPanel(QWidget *parent)
    : QWidget(parent)
    , m_speedup(new QLabel(this))
    , m_startup(new QLabel(this))
    , m_note(new QLabel(this))
    , m_stale(new QLabel(this))
    , m_bars(new TimingBarsWidget(this))
    , m_timeline(new TaskTimelineWidget(this))
    , m_pids(new QTableWidget(this))
{
    m_speedup->setFont(scaledFont(font(), 1.7, true));
    m_speedup->setWordWrap(true);
    m_speedup->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_speedup->setAccessibleName(tr("Speedup"));
    m_startup->setFont(scaledFont(font(), 1.1));
    m_startup->setWordWrap(true);
    m_startup->setAccessibleName(tr("Engine start-up time"));
    m_note->setFont(scaledFont(font(), 1.1));
    m_note->setWordWrap(true);
    m_note->setAccessibleName(tr("Timing note"));
    m_stale->setWordWrap(true);
    m_stale->setAccessibleName(tr("Timing of an earlier run"));
    m_stale->setFont(scaledFont(font(), 1.1, true));
    m_stale->setStyleSheet(QStringLiteral("QLabel { color: #8a5300; }")); // the amber of a warning, legible on white

    m_pids->setColumnCount(4);
    m_pids->setHorizontalHeaderLabels({tr("Folder"), tr("Engine PID(s)"), tr("Host"), tr("Seconds")});
    m_pids->setAccessibleName(tr("Engines per folder"));
    m_pids->setAccessibleDescription(
        tr("Which engine processes worked on each folder, on which host, and for how long."));
    m_pids->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_pids->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_pids->setAlternatingRowColors(true);
    m_pids->verticalHeader()->hide();
    // Rows as tall as their text, like the other tables: more of them fit a short window.
    m_pids->verticalHeader()->setDefaultSectionSize(m_pids->fontMetrics().height() + 6);
    QHeaderView *header = m_pids->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(1, QHeaderView::Stretch); // PID lists are the widest column

    auto *barsBox = new QGroupBox(tr("Serial and parallel"), this);
    auto *barsLayout = new QVBoxLayout(barsBox);
    barsLayout->addWidget(m_bars);
    auto *pidsBox = new QGroupBox(tr("Which engines ran each folder"), this);
    auto *pidsLayout = new QVBoxLayout(pidsBox);
    pidsLayout->addWidget(m_pids, 1);
    m_pidsNote = new QLabel(tr("Each engine reports its process ID when it connects, so these are the "
                               "processes that did the work. A folder under two PIDs was split into "
                               "parts that both engines read."),
                            pidsBox);
    m_pidsNote->setWordWrap(true);
    m_pidsNote->setAlignment(Qt::AlignLeft | Qt::AlignTop); // takes the room under a short table
    m_pidsNote->setAccessibleName(tr("About the engine table"));
    m_pids->setToolTip(m_pidsNote->text()); // also where the note is hidden for room
    pidsLayout->addWidget(m_pidsNote);

    m_barsAndTable = new QSplitter(Qt::Horizontal, this);
    m_barsAndTable->addWidget(barsBox);
    m_barsAndTable->addWidget(pidsBox);
    m_barsAndTable->setStretchFactor(0, 3);
    m_barsAndTable->setStretchFactor(1, 2);
    m_barsAndTable->setChildrenCollapsible(false);

    // Many engines make a tall timeline: it scrolls rather than squeezing its rows.
    auto *scroll = new TimelineScrollArea(this);
    scroll->setWidget(m_timeline);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_timelineArea = scroll;
    auto *timelineBox = new QGroupBox(tr("Task timeline"), this);
    auto *timelineLayout = new QVBoxLayout(timelineBox);
    timelineLayout->addWidget(scroll);

    auto *textLayout = new QHBoxLayout;
    textLayout->setSpacing(3 * QFontMetrics(font()).height()); // two sentences, clearly apart
    textLayout->addWidget(m_startup);
    textLayout->addWidget(m_note, 1);
    auto *scaling = new QPushButton(tr("&Scaling…"), this);
    scaling->setAccessibleName(tr("Scaling study"));
    scaling->setToolTip(tr("Runs the listed folders on several engine counts and shows how the speedup grows, "
                           "with the Amdahl fit and the count worth it."));
    connect(scaling, &QPushButton::clicked, this, &TimingPanel::scalingRequested);
    textLayout->addWidget(scaling, 0, Qt::AlignTop);

    // A window too short for every part at its smallest scrolls the page rather than drawing
    // the parts over each other (a 1024x700 screen).
    auto *page = new QWidget;
    m_pageLayout = new QVBoxLayout(page);
    auto *layout = m_pageLayout;
    layout->addWidget(m_stale);
    layout->addWidget(m_speedup);
    layout->addLayout(textLayout);
    // The timeline asks for roomy rows, up to a cap past which it scrolls; bars and table share the rest.
    layout->addWidget(m_barsAndTable, 1);
    layout->addWidget(timelineBox);
    m_page = new QScrollArea(this);
    m_page->setWidget(page);
    m_page->setWidgetResizable(true);
    m_page->setFrameShape(QFrame::NoFrame);
    m_page->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff); // the panel's minimum width keeps it fitting
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_page);
    clear();
}

QString TimingPanel::describeSpeedup(const RunTiming &timing)
{
    return qc::describeSpeedup(timing);
}

void TimingPanel::setRun(const RunResult &run)
{
    const RunTiming &t = run.timing;
    markStale(QString());
    m_speedup->setText(describeSpeedup(t));
    m_startup->setText(t.startupSeconds > 0
                           ? tr("Engines started and connected in %1 s").arg(t.startupSeconds, 0, 'f', 3)
                           : QString());
    m_startup->setVisible(t.startupSeconds > 0);

    const QString thisRun = workersPhrase(t);
    QList<TimingBarsWidget::Entry> bars;
    QString caption;
    if (t.serialSeconds) {
        bars.append({tr("Serial"), *t.serialSeconds, QColor::fromRgb(kSerialColor)});
        bars.append({tr("%1 (wall)").arg(thisRun), t.wallSeconds, QColor::fromRgb(kParallelColor)});
        bars.append(
            {tr("Ideal (serial / %1)").arg(t.engines), t.idealSeconds().value_or(0), QColor::fromRgb(kIdealColor)});
        caption = tr("Ideal: the serial time shared evenly by %1 %2 with no overhead. Shorter bars are faster.")
                      .arg(t.engines)
                      .arg(workersWord(t));
        // What the timeline shows held the run back, measured, not guessed.
        m_note->setText(explainSpeedup(run, QThread::idealThreadCount()));
    } else {
        bars.append({tr("%1 (wall)").arg(thisRun), t.wallSeconds, QColor::fromRgb(kParallelColor)});
        m_note->setText(tr("Tick \u201cCompare with a serial run\u201d to see speedup."));
    }
    m_note->setVisible(!m_note->text().isEmpty());
    m_bars->setEntries(bars, caption);
    m_timeline->setRun(run);
    m_timelineArea->updateGeometry(); // the timeline's new height does not reach our layout alone

    m_pids->setRowCount(int(run.samples.size()));
    for (int row = 0; row < run.samples.size(); ++row) {
        const SampleResult &sample = run.samples[row];
        QStringList pids;
        QStringList hosts;
        // By engine, not by which finished first, so the same engines read the same on every row.
        QList<EngineRef> engines = sample.engines;
        std::sort(engines.begin(), engines.end(), [](const EngineRef &a, const EngineRef &b) {
            return std::pair(a.id, a.pid) < std::pair(b.id, b.pid);
        });
        for (const EngineRef &engine : std::as_const(engines)) {
            pids.append(engine.id >= 0 ? QString::number(engine.pid) : tr("%1 (in-process)").arg(engine.pid));
            if (!engine.host.isEmpty() && !hosts.contains(engine.host))
                hosts.append(engine.host);
        }
        auto *seconds = new QTableWidgetItem(QString::number(sample.seconds, 'f', 3));
        seconds->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_pids->setItem(row, 0, new QTableWidgetItem(sample.sample.name));
        m_pids->setItem(row, 1, new QTableWidgetItem(pids.join(QStringLiteral(", "))));
        m_pids->setItem(row, 2, new QTableWidgetItem(hosts.join(QStringLiteral(", "))));
        m_pids->setItem(row, 3, seconds);
    }
    // No row looks selected until the user picks one.
    m_pids->setCurrentItem(nullptr);
    fitTable();
}

void TimingPanel::markStale(const QString &why)
{
    m_stale->setText(why);
    m_stale->setVisible(!why.isEmpty());
}

void TimingPanel::clear()
{
    markStale(QString());
    m_speedup->setText(tr("No run yet."));
    m_startup->clear();
    m_startup->hide();
    m_note->setText(tr("Run an analysis to see how long it took and which engines did the work."));
    m_note->show();
    m_bars->setEntries({}, QString());
    m_timeline->clear();
    m_timelineArea->updateGeometry();
    m_pids->setRowCount(0);
    fitTable();
}

void TimingPanel::fitTable()
{
    // Wide enough for every column's header and contents, so the splitter never elides a PID; no
    // taller than its rows, so a dozen folders leave no blank grid below them.
    const QFontMetrics fm(m_pids->font());
    const int margin = 2 * fm.averageCharWidth() + 2; // the cell's padding and grid line
    int width = 2 * m_pids->frameWidth() + m_pids->verticalScrollBar()->sizeHint().width();
    for (int column = 0; column < m_pids->columnCount(); ++column) {
        int widest = m_pids->horizontalHeader()->sectionSizeHint(column);
        for (int row = 0; row < m_pids->rowCount(); ++row)
            if (const QTableWidgetItem *item = m_pids->item(row, column))
                widest = std::max(widest, fm.horizontalAdvance(item->text()) + margin);
        width += widest;
    }
    m_pids->setMinimumWidth(width);
    const int rows = m_pids->verticalHeader()->length()
        + std::max(0, 3 - m_pids->rowCount()) * m_pids->verticalHeader()->defaultSectionSize();
    m_pids->setMaximumHeight(2 * m_pids->frameWidth() + m_pids->horizontalHeader()->sizeHint().height() + rows);
    arrangeBarsAndTable();
}

void TimingPanel::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    arrangeBarsAndTable();
}

void TimingPanel::arrangeBarsAndTable()
{
    const QWidget *bars = m_barsAndTable->widget(0);
    const QWidget *table = m_barsAndTable->widget(1);
    const QMargins margins = m_pageLayout->contentsMargins();
    // Room for the page's scroll bar always, so that showing it never flips the arrangement.
    const int frame = margins.left() + margins.right() + m_page->verticalScrollBar()->sizeHint().width();
    const int stacked = std::max(bars->minimumSizeHint().width(), table->minimumSizeHint().width()) + frame;
    const int beside =
        bars->minimumSizeHint().width() + m_barsAndTable->handleWidth() + table->minimumSizeHint().width() + frame;
    // The panel asks only for the stacked width; its own layout would otherwise ask for the
    // side-by-side one, and the tab widget passes the widest page's minimum on to the window.
    setMinimumWidth(stacked);
    const bool side = width() >= beside;
    m_barsAndTable->setOrientation(side ? Qt::Horizontal : Qt::Vertical);
    // Stacked, the table's rows need the height more than the note does (it stays the table's tooltip).
    m_pidsNote->setVisible(side);
}

QString TimingPanel::speedupText() const
{
    return m_speedup->text();
}

QString TimingPanel::startupText() const
{
    return m_startup->text();
}

QString TimingPanel::noteText() const
{
    return m_note->text();
}

QString TimingPanel::staleText() const
{
    return m_stale->isHidden() ? QString() : m_stale->text();
}

int TimingPanel::pidRowCount() const
{
    return m_pids->rowCount();
}

} // namespace qc
