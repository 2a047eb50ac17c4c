#include "progressthrottle.h"

namespace qc {

ProgressThrottle::ProgressThrottle(int intervalMs, QObject *parent)
    : QObject(parent)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &ProgressThrottle::flush);
}

void ProgressThrottle::post(const QString &phase, int done, int total, const QString &sample, const QString &status)
{
    // The panel adds up phases: it must see the last count of one phase before the next begins.
    if (m_pending && phase != m_phase)
        flush();
    m_phase = phase;
    m_done = done;
    m_total = total;
    m_pending = true;
    if (!sample.isEmpty())
        m_statuses.append({sample, status});
    if (!m_timer.isActive())
        m_timer.start();
}

void ProgressThrottle::discard()
{
    m_timer.stop();
    m_pending = false;
    m_statuses.clear();
}

void ProgressThrottle::flush()
{
    m_timer.stop();
    if (!m_pending)
        return;
    m_pending = false;
    const auto statuses = std::exchange(m_statuses, {});
    emit progress(m_phase, m_done, m_total);
    for (const auto &[sample, text] : statuses)
        emit status(sample, text);
}

} // namespace qc
