// A run's progress as the window shows it: at most one update of the panels per interval.
// On a 2-core machine every repaint of the folders table and the progress bar is CPU the engines
// do not get: with an update per finished task, the window's parallel phase on the demo set took
// twice as long as the command line's on the same cluster.
#pragma once

#include <QList>
#include <QObject>
#include <QPair>
#include <QString>
#include <QTimer>

namespace qc {

class ProgressThrottle : public QObject
{
    Q_OBJECT

public:
    explicit ProgressThrottle(int intervalMs, QObject *parent = nullptr);

    // The newest counts win; every folder status is kept (an empty `sample` sets none).
    void post(const QString &phase, int done, int total, const QString &sample = {}, const QString &status = {});
    // The run ended: what is still pending is stale and never shown.
    void discard();

signals:
    void progress(const QString &phase, int done, int total);
    void status(const QString &sample, const QString &status);

private:
    void flush();

    QTimer m_timer;
    QString m_phase;
    int m_done = 0;
    int m_total = 0;
    bool m_pending = false;
    QList<QPair<QString, QString>> m_statuses;
};

} // namespace qc
