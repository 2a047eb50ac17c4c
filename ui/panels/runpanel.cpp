#include "runpanel.h"
#include "statuslabel.h"

#include "charts/chartstyle.h"
#include "cluster/runcontroller.h"
#include "progressthrottle.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QSettings>

#include <algorithm>
#include <utility>

namespace qc {

namespace {

// Without a translation loaded Qt writes "%n folder(s)" as it is: the plural is chosen here.
QString foldersText(qsizetype n)
{
    return n == 1 ? RunPanel::tr("1 folder") : RunPanel::tr("%1 folders").arg(n);
}

} // namespace

RunPanel::RunPanel(QWidget *parent)
    : QWidget(parent)
    , m_throttle(new ProgressThrottle(100, this))
{
    m_analysis = new QComboBox(this);
    m_analysis->addItem(tr("Quality by position"));
    m_analysis->setAccessibleName(tr("Analysis"));
    m_mode = new QComboBox(this);
    m_mode->setAccessibleName(tr("Run mode"));
    const struct
    {
        RunMode mode;
        QString label;
        QString tip;
    } modes[] = {
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
    m_runAction = new QAction(tr("&Run"), this);
    m_runAction->setShortcut(QKeySequence(tr("Ctrl+R")));
    m_cancelAction = new QAction(tr("&Cancel"), this);
    m_cancelAction->setShortcut(QKeySequence(Qt::Key_Escape));
    m_progress = new QProgressBar(this);
    m_progress->setAccessibleName(tr("Run progress"));
    m_progress->setValue(0);
    m_status = new StatusLabel(tr("Run status"), this);
    m_status->setWordWrap(true);
    // What went wrong during a run, such as an engine that died: in the panel, not only in a log.
    m_notice = new QLabel(this);
    m_notice->setWordWrap(true);
    m_notice->setAccessibleName(tr("Run notice"));
    m_notice->setFont(scaledFont(font(), 1.0, true));
    m_notice->setStyleSheet(QStringLiteral("QLabel { color: #8a5300; }")); // a warning's amber, legible on white
    m_notice->hide();

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
    layout->addWidget(m_notice);

    connect(m_run, &QPushButton::clicked, this, &RunPanel::runRequested);
    connect(m_cancel, &QPushButton::clicked, this, &RunPanel::cancelRequested);
    connect(m_runAction, &QAction::triggered, this, &RunPanel::runRequested);
    connect(m_cancelAction, &QAction::triggered, this, &RunPanel::cancelRequested);
    connect(m_throttle, &ProgressThrottle::progress, this, &RunPanel::handleProgress);
    connect(m_throttle, &ProgressThrottle::status, this, &RunPanel::folderStatusChanged);
    updateState();
}

void RunPanel::follow(RunController *controller)
{
    connect(controller, &RunController::runStarted, this, &RunPanel::handleRunStarted);
    connect(controller, &RunController::progress, this,
            [this](const QString &phase, int done, int total, const TaskResult &last) {
                // The comparison run after the engines' does not change the folders' status.
                if (phase == u"serial" && m_steps > 1)
                    return m_throttle->post(phase, done, total);
                m_throttle->post(
                    phase, done, total, last.sample,
                    last.engineId < 0
                        ? tr("done")
                        : tr("done on engine %1 (PID %2 on %3)").arg(last.engineId).arg(last.pid).arg(last.host));
            });
    // Counts still waiting when a run ends are stale: never shown.
    connect(controller, &RunController::runFinished, m_throttle, &ProgressThrottle::discard);
    connect(controller, &RunController::runCancelled, m_throttle, &ProgressThrottle::discard);
    connect(controller, &RunController::runFailed, m_throttle, &ProgressThrottle::discard);
    connect(controller, &RunController::runCancelled, this,
            [this] { handleRunEnded(tr("Run cancelled; the cluster is ready for the next one.")); });
    connect(controller, &RunController::runFailed, this, &RunPanel::handleRunEnded);
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

void RunPanel::restoreSettings(const QSettings &settings)
{
    setMode(runModeFromName(settings.value(QStringLiteral("run/mode")).toString()).value_or(RunMode::Balanced));
    setCompareSerial(settings.value(QStringLiteral("run/compareSerial"), true).toBool());
}

void RunPanel::saveSettings(QSettings &settings) const
{
    settings.setValue(QStringLiteral("run/mode"), runModeName(mode()));
    settings.setValue(QStringLiteral("run/compareSerial"), compareSerial());
}

QString RunPanel::progressText() const
{
    return m_status->text();
}

QString RunPanel::noticeText() const
{
    return m_notice->isHidden() ? QString() : m_notice->text();
}

void RunPanel::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    fitHeight();
}

void RunPanel::fitHeight()
{
    // Wrapped sentences need more lines the narrower the panel is, and a splitter knows only
    // minimum heights: the panel asks for what its words need at its width, so none is cut off.
    // Never more than a quarter of a small screen, though, so that the window still fits it; the
    // status bar and the notice's tooltip then hold the words in full.
    if (!layout() || width() <= 0)
        return;
    const int cap = std::max(layout()->minimumSize().height(), screen()->availableGeometry().height() / 4);
    setMinimumHeight(std::min(layout()->totalHeightForWidth(width()), cap));
}

void RunPanel::setFolderCount(int folders)
{
    m_folders = folders;
    updateState();
}

void RunPanel::updateState()
{
    const bool canRun = !m_running && m_folders > 0;
    m_run->setEnabled(canRun);
    m_runAction->setEnabled(canRun);
    m_cancel->setEnabled(m_running);
    m_cancelAction->setEnabled(m_running);
    if (m_running)
        return; // the progress owns the status line
    if (m_folders == 0)
        m_status->setText(tr("Add folders of reads to run: File \u25b8 Add folders\u2026, or drag them in."));
    else if (m_summary.isEmpty())
        m_status->setText(tr("Ready to analyse %1.").arg(foldersText(m_folders)));
    else
        m_status->setText(m_summary);
    fitHeight();
}

void RunPanel::setSummary(const QString &text)
{
    m_summary = text;
    updateState();
}

QString RunPanel::phaseName(const QString &phase) const
{
    if (phase == u"balanced" || phase == u"direct")
        return tr("On the engines");
    if (phase == u"threads")
        return tr("On threads");
    return m_steps > 1 ? tr("Serial comparison") : tr("Serial");
}

void RunPanel::handleRunStarted(int totalTasks)
{
    m_running = true;
    m_totalTasks = totalTasks;
    m_steps = compareSerial() && mode() != RunMode::Serial ? 2 : 1;
    m_doneBefore = 0;
    m_phaseTotal = 0;
    m_phase.clear();
    m_progress->setRange(0, std::max(totalTasks / m_steps, 1));
    m_progress->setValue(0);
    m_notice->clear();
    m_notice->hide();
    updateState();
    m_status->setText(tr("Starting\u2026"));
    fitHeight();
    m_clock.start();
}

void RunPanel::handleProgress(const QString &phase, int done, int total)
{
    // The bar shows the step the text speaks of, so that its percent is that of "N of M".
    if (phase != m_phase) {
        if (!m_phase.isEmpty())
            m_doneBefore += m_phaseTotal;
        m_phase = phase;
    }
    m_phaseTotal = total;
    m_progress->setRange(0, std::max(total, 1));
    m_progress->setValue(done);
    const int step = m_doneBefore > 0 ? 2 : 1;
    QString text = m_steps > 1 ? tr("%1 (step %2 of %3): %4 of %5 tasks done")
                                     .arg(phaseName(phase))
                                     .arg(step)
                                     .arg(m_steps)
                                     .arg(done)
                                     .arg(total)
                               : tr("%1: %2 of %3 tasks done").arg(phaseName(phase)).arg(done).arg(total);
    // An estimate for the whole run, once there is something to go on: the first finished task.
    const int overall = m_doneBefore + done;
    if (overall > 0 && overall < m_totalTasks) {
        const double perTask = double(m_clock.elapsed()) / overall;
        const double remaining = perTask * (m_totalTasks - overall) / 1000.0;
        text += tr(", about %1 s left").arg(remaining, 0, 'f', remaining < 10 ? 1 : 0);
    }
    m_status->setText(text);
    fitHeight();
}

void RunPanel::handleRunEnded(const QString &message)
{
    m_running = false;
    if (m_progress->value() < m_progress->maximum() && message.contains(tr("cancel"), Qt::CaseInsensitive))
        m_progress->setValue(0);
    setSummary(message);
}

QString RunPanel::showResult(const RunResult &result)
{
    // In the panel in few words, so that it fits beside the others; in full in the status bar, and
    // the Timing tab says how near the ideal it came.
    const QString done =
        tr("Done: %1 in %2 s").arg(foldersText(result.samples.size())).arg(result.timing.wallSeconds, 0, 'f', 3);
    const QString speed = speedInWords(result.timing);
    QString summary = speed.isEmpty() ? QString(done + u'.') : tr("%1, %2.").arg(done, speed);
    QString full = done + u'.';
    if (result.timing.serialSeconds)
        full += u' ' + describeSpeedup(result.timing) + u'.';
    if (const qint64 rejected = result.rejectedFiles(); rejected > 0) {
        const QString files =
            rejected == 1 ? tr("1 file rejected: see Problems.") : tr("%1 files rejected: see Problems.").arg(rejected);
        summary += u' ' + files;
        full += u' ' + files;
    }
    for (const SampleResult &sample : result.samples) {
        const qsizetype rejected = sample.errors.size();
        emit folderStatusChanged(sample.sample.name,
                                 rejected == 0       ? tr("done")
                                     : rejected == 1 ? tr("done, 1 file rejected")
                                                     : tr("done, %1 files rejected").arg(rejected));
    }
    // Briefly too, in full in its tooltip and the status bar.
    const QString lost = describeLostEngines(result);
    m_notice->setText(describeLostEngines(result, LossDetail::Brief));
    m_notice->setToolTip(lost);
    m_notice->setVisible(!lost.isEmpty());
    m_progress->setValue(m_progress->maximum()); // the last counts may not have been shown
    m_running = false;
    m_stale = false;
    m_resultSummary = summary;
    m_resultNotice = m_notice->text();
    setSummary(summary);
    return lost.isEmpty() ? full : full + u' ' + lost;
}

std::optional<RunResult> RunPanel::resultsForListed(const RunResult &run, const QList<Sample> &listed, bool *partial)
{
    QStringList paths;
    for (const Sample &sample : listed)
        paths.append(sample.path);
    *partial = listed.size() != run.samples.size()
        || !std::all_of(run.samples.cbegin(), run.samples.cend(),
                        [&paths](const SampleResult &r) { return paths.contains(r.sample.path); });
    if (!*partial) {
        if (std::exchange(m_stale, false)) { // the folders are the run's again
            m_notice->setText(m_resultNotice);
            m_notice->setVisible(!m_resultNotice.isEmpty());
            setSummary(m_resultSummary);
        }
        return run;
    }
    RunResult shown = resultsForFolders(run, paths);
    const int withResults = int(shown.samples.size());
    showFoldersChanged(withResults, int(listed.size()) - withResults);
    if (withResults == 0)
        return std::nullopt;
    return shown;
}

void RunPanel::showFoldersChanged(int withResults, int withoutResults)
{
    m_stale = true;
    if (withResults == 0) {
        // Nothing of the last run is shown any more: neither is what went wrong in it.
        m_notice->clear();
        m_notice->hide();
    }
    if (withResults == 0 && withoutResults == 0)
        setSummary(QString());
    else if (withResults == 0)
        setSummary(
            tr("The last run's results were of folders no longer listed, so they are cleared. Ready to analyse %1.")
                .arg(foldersText(withoutResults)));
    else if (withoutResults == 0)
        setSummary(tr("Results are shown for the %1 still listed; the Timing tab is of the last run, which also had "
                      "folders since removed.")
                       .arg(foldersText(withResults)));
    else
        setSummary(tr("Results are shown for %1 of the last run; %2 added since %3 none yet: Run to analyse them.")
                       .arg(foldersText(withResults), foldersText(withoutResults),
                            withoutResults == 1 ? tr("has") : tr("have")));
}

} // namespace qc
