#include "runpanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

namespace qc {

RunPanel::RunPanel(QWidget *parent)
    : QWidget(parent)
{
    m_analysis = new QComboBox(this);
    m_analysis->addItem(tr("Quality by position"));
    m_analysis->setAccessibleName(tr("Analysis"));
    m_mode = new QComboBox(this);
    m_mode->setAccessibleName(tr("Run mode"));
    const struct { RunMode mode; QString label; QString tip; } modes[] = {
        {RunMode::Balanced, tr("Engines, load-balanced"), tr("A shared queue: each idle engine takes the next task.")},
        {RunMode::Direct, tr("Engines, direct"), tr("Tasks are assigned to engines round-robin up front.")},
        {RunMode::Threads, tr("Threads in this process"), tr("A thread pool, one thread per engine count.")},
        {RunMode::Serial, tr("Serial"), tr("One task after another: the baseline.")},
    };
    for (const auto &m : modes) {
        m_mode->addItem(m.label, int(m.mode));
        m_mode->setItemData(m_mode->count() - 1, m.tip, Qt::ToolTipRole);
    }
    m_compare = new QCheckBox(tr("Compare with a serial run"), this);
    m_compare->setChecked(true);
    m_run = new QPushButton(tr("Run"), this);
    m_run->setAccessibleName(tr("Run the analysis"));
    m_run->setDefault(true);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setAccessibleName(tr("Cancel the run"));
    m_cancel->setEnabled(false);
    m_progress = new QProgressBar(this);
    m_progress->setAccessibleName(tr("Run progress"));
    m_progress->setValue(0);
    m_status = new QLabel(tr("Ready."), this);
    m_status->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("&Analysis:"), m_analysis);
    form->addRow(tr("&Mode:"), m_mode);
    form->addRow(QString(), m_compare);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_run);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_progress, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_status);

    connect(m_run, &QPushButton::clicked, this, &RunPanel::runRequested);
    connect(m_cancel, &QPushButton::clicked, this, &RunPanel::cancelRequested);
}

RunMode RunPanel::mode() const
{
    return RunMode(m_mode->currentData().toInt());
}

void RunPanel::setMode(RunMode mode)
{
    m_mode->setCurrentIndex(m_mode->findData(int(mode)));
}

bool RunPanel::compareSerial() const
{
    return m_compare->isChecked();
}

void RunPanel::setCompareSerial(bool compare)
{
    m_compare->setChecked(compare);
}

QString RunPanel::progressText() const
{
    return m_status->text();
}

void RunPanel::handleRunStarted(int totalTasks)
{
    m_totalTasks = totalTasks;
    m_doneBefore = 0;
    m_phase.clear();
    m_progress->setRange(0, std::max(totalTasks, 1));
    m_progress->setValue(0);
    m_run->setEnabled(false);
    m_cancel->setEnabled(true);
    m_status->setText(tr("Starting…"));
    m_clock.start();
}

void RunPanel::handleProgress(const QString &phase, int done, int total)
{
    if (!m_phase.isEmpty() && phase != m_phase)
        m_doneBefore = m_progress->value();
    m_phase = phase;
    const int overall = m_doneBefore + done;
    m_progress->setValue(overall);
    QString text = tr("%1: %2 of %3 tasks done").arg(phase).arg(done).arg(total);
    // An estimate only once there is something to go on: the first finished task.
    if (overall > 0 && overall < m_totalTasks) {
        const double perTask = double(m_clock.elapsed()) / overall;
        const double remaining = perTask * (m_totalTasks - overall) / 1000.0;
        text += tr(", about %1 s left").arg(remaining, 0, 'f', remaining < 10 ? 1 : 0);
    }
    m_status->setText(text);
}

void RunPanel::handleRunEnded(const QString &message)
{
    m_run->setEnabled(true);
    m_cancel->setEnabled(false);
    m_status->setText(message);
    if (m_progress->value() < m_progress->maximum() && message.contains(tr("cancel"), Qt::CaseInsensitive))
        m_progress->setValue(0);
}

} // namespace qc
