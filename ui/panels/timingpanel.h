// How long a run took and where: serial vs parallel vs ideal, the speedup in words, the task
// timeline, and which engine PIDs worked on each folder (the lesson's "verify the engines" step).
#pragma once

#include "analysis/runresult.h"

#include <QString>
#include <QWidget>

class QLabel;
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

    QString speedupText() const;
    QString startupText() const;
    QString noteText() const;
    const TaskTimelineWidget *timeline() const { return m_timeline; }
    int pidRowCount() const;

    // "2 engines: 1.9x faster than serial, 95 % efficient", and the other wordings; shared with
    // tests and anything else that reports a run in one line.
    static QString describeSpeedup(const RunTiming &timing);

private:
    void fitTable();

    QLabel *m_speedup = nullptr;
    QLabel *m_startup = nullptr;
    QLabel *m_note = nullptr;
    TimingBarsWidget *m_bars = nullptr;
    TaskTimelineWidget *m_timeline = nullptr;
    QWidget *m_timelineArea = nullptr; // the scroll area around m_timeline
    QTableWidget *m_pids = nullptr;
};

} // namespace qc
