// How long a run took and where: serial vs parallel vs ideal, the speedup in words, the task
// timeline, and which engine PIDs worked on each folder (the lesson's "verify the engines" step).
#pragma once

#include "analysis/runresult.h"

#include <QString>
#include <QWidget>

class QLabel;
class QScrollArea;
class QVBoxLayout;
class QSplitter;
class QTableWidget;

namespace qc {

class TaskTimelineWidget;
class TimingBarsWidget;

class TimingPanel : public QWidget
{
    Q_OBJECT

public:
    explicit TimingPanel(QWidget *parent = nullptr);

    void setRun(const RunResult &run);
    void clear();
    // Says above the figures why they no longer describe what the window lists (folders removed
    // or added since the run); empty: they do. setRun() and clear() take the mark away.
    void markStale(const QString &why);

    QString speedupText() const;
    QString startupText() const;
    QString noteText() const;
    QString staleText() const; // empty unless marked stale
    const TaskTimelineWidget *timeline() const { return m_timeline; }
    int pidRowCount() const;

    // "2 engines: 1.9 times faster than one process. Perfect sharing would make it 2 times
    // faster; this run got 95 % of that", and the other wordings (qc::describeSpeedup).
    static QString describeSpeedup(const RunTiming &timing);

signals:
    // The Scaling… button: the window opens the scaling study on its folders and cluster.
    void scalingRequested();

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void fitTable();
    // Bars beside the engines table when both fit at their minimum width, else one above the
    // other, so that the panel never makes the window wider than a 1024-pixel screen.
    void arrangeBarsAndTable();

    QLabel *m_speedup = nullptr;
    QLabel *m_startup = nullptr;
    QLabel *m_note = nullptr;
    QLabel *m_stale = nullptr;
    TimingBarsWidget *m_bars = nullptr;
    TaskTimelineWidget *m_timeline = nullptr;
    QWidget *m_timelineArea = nullptr; // the scroll area around m_timeline
    QTableWidget *m_pids = nullptr;
    QSplitter *m_barsAndTable = nullptr;
    QLabel *m_pidsNote = nullptr;
    QScrollArea *m_page = nullptr; // everything, scrolling when the window is short
    QVBoxLayout *m_pageLayout = nullptr;
};

} // namespace qc
