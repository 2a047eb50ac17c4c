#include "slurmlauncher.h"

#include "cluster/enginehandle.h"
#include "protocol/messages.h"

#include <QLoggingCategory>
#include <QProcess>

Q_LOGGING_CATEGORY(lcSlurm, "qualcluster.slurm")

namespace qc {

namespace {

constexpr int kPollMs = 1000;
constexpr int kCommandTimeoutMs = 15000;

bool isFinal(const QString &state)
{
    static const QStringList finals{
        QStringLiteral("COMPLETED"),     QStringLiteral("FAILED"),    QStringLiteral("CANCELLED"),
        QStringLiteral("TIMEOUT"),       QStringLiteral("NODE_FAIL"), QStringLiteral("PREEMPTED"),
        QStringLiteral("OUT_OF_MEMORY"), QStringLiteral("BOOT_FAIL"), QStringLiteral("DEADLINE")};
    return finals.contains(state);
}

} // namespace

SlurmLauncher::SlurmLauncher(const Profile &profile, QString engineCommand)
    : m_profile(profile)
    , m_engineCommand(std::move(engineCommand))
{
    m_poll.setInterval(kPollMs);
    connect(&m_poll, &QTimer::timeout, this, &SlurmLauncher::poll);
}

SlurmLauncher::~SlurmLauncher()
{
    SlurmLauncher::stopAll();
}

QString SlurmLauncher::batchScript(int firstId, int count, const LaunchContext &context) const
{
    QStringList lines{QStringLiteral("#!/bin/sh"),
                      QStringLiteral("#SBATCH --job-name=qualcluster-%1").arg(context.profile),
                      QStringLiteral("#SBATCH --array=0-%1").arg(count - 1), QStringLiteral("#SBATCH --ntasks=1"),
                      QStringLiteral("#SBATCH --cpus-per-task=1")};
    const bool ownOutput =
        std::any_of(m_profile.sbatchArgs.begin(), m_profile.sbatchArgs.end(),
                    [](const QString &arg) { return arg.startsWith(u"--output") || arg.startsWith(u"-o"); });
    // The controller's folders need not exist on the nodes; an engine's errors reach the
    // controller as its exit, and the job's output can be asked for with --sbatch-arg.
    if (!ownOutput)
        lines.append(QStringLiteral("#SBATCH --output=/dev/null"));
    if (!m_profile.partition.isEmpty())
        lines.append(QStringLiteral("#SBATCH --partition=%1").arg(m_profile.partition));
    if (!m_profile.time.isEmpty())
        lines.append(QStringLiteral("#SBATCH --time=%1").arg(m_profile.time));
    if (!m_profile.account.isEmpty())
        lines.append(QStringLiteral("#SBATCH --account=%1").arg(m_profile.account));
    for (const QString &arg : m_profile.sbatchArgs)
        lines.append(QStringLiteral("#SBATCH %1").arg(arg));
    lines.append(QStringLiteral("# The secret arrives in the job's environment (%1, exported by sbatch from the "
                                "controller), never in this script.")
                     .arg(QString::fromLatin1(kSecretVariable)));
    lines.append(QStringLiteral("exec %1 --connect %2 --engine-id-base %3")
                     .arg(m_engineCommand, // the user's own shell text
                          shellQuote(addressText(context.address)))
                     .arg(firstId));
    return lines.join(u'\n') + u'\n';
}

QString SlurmLauncher::script(int count, const LaunchContext &context) const
{
    return QStringLiteral("# submitted with: sbatch --parsable  (the script on its standard input)\n")
        + batchScript(1, count, context);
}

void SlurmLauncher::launch(const QList<EngineHandle *> &engines, const LaunchContext &context)
{
    // One array per run of consecutive ids: the array index gives each engine its id.
    QList<EngineHandle *> batch;
    for (EngineHandle *engine : engines) {
        if (!batch.isEmpty() && engine->id() != batch.last()->id() + 1) {
            submit(batch, context);
            batch.clear();
        }
        batch.append(engine);
    }
    if (!batch.isEmpty())
        submit(batch, context);
}

void SlurmLauncher::submit(const QList<EngineHandle *> &engines, const LaunchContext &context)
{
    QList<QPointer<EngineHandle>> handles(engines.begin(), engines.end());
    for (EngineHandle *engine : engines)
        engine->setSchedulerState(QStringLiteral("SUBMITTING"), QString(), QString());
    auto *sbatch = new QProcess(this);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QString::fromLatin1(kSecretVariable), QString::fromLatin1(context.secret.toHex()));
    sbatch->setProcessEnvironment(environment);
    const auto failAll = [this, handles](const QString &reason) {
        qCWarning(lcSlurm).noquote() << reason;
        emit errorOccurred(reason);
        for (const auto &engine : handles)
            if (engine)
                engine->markEnded(reason);
    };
    connect(sbatch, &QProcess::errorOccurred, this, [sbatch, failAll](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return;
        failAll(QStringLiteral("sbatch could not be started (%1): is Slurm installed on this machine?")
                    .arg(sbatch->errorString()));
        sbatch->deleteLater();
    });
    connect(sbatch, &QProcess::finished, this, [this, sbatch, handles, failAll](int code) {
        sbatch->deleteLater();
        const QString out = QString::fromLocal8Bit(sbatch->readAllStandardOutput()).trimmed();
        const QString err = QString::fromLocal8Bit(sbatch->readAllStandardError()).trimmed();
        const QString jobId = out.section(u';', 0, 0);
        bool numeric = false;
        jobId.toLongLong(&numeric);
        if (code != 0 || !numeric)
            return failAll(QStringLiteral("sbatch refused the job of %1 engines: %2")
                               .arg(handles.size())
                               .arg(err.isEmpty() ? out : err));
        m_jobs.append(jobId);
        for (qsizetype i = 0; i < handles.size(); ++i) {
            if (!handles[i])
                continue;
            const QString task = QStringLiteral("%1_%2").arg(jobId).arg(i);
            m_tasks.insert(task, handles[i]);
            handles[i]->setJob(task, [task] { QProcess::startDetached(QStringLiteral("scancel"), {task}); });
            handles[i]->setSchedulerState(QStringLiteral("SUBMITTED"), QString(), QString()); // until squeue says more
        }
        qCInfo(lcSlurm).noquote() << "submitted job" << jobId << "for" << handles.size() << "engines";
        m_poll.start();
        poll();
    });
    sbatch->start(QStringLiteral("sbatch"), {QStringLiteral("--parsable")});
    sbatch->write(batchScript(engines.first()->id(), int(engines.size()), context).toUtf8());
    sbatch->closeWriteChannel();
}

void SlurmLauncher::poll()
{
    if (m_squeue || m_jobs.isEmpty())
        return;
    m_squeue = new QProcess(this);
    connect(m_squeue, &QProcess::finished, this, [this](int code) {
        QProcess *squeue = std::exchange(m_squeue, nullptr);
        squeue->deleteLater();
        if (code == 0)
            handleQueue(squeue->readAllStandardOutput());
    });
    connect(m_squeue, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            std::exchange(m_squeue, nullptr)->deleteLater();
    });
    m_squeue->start(QStringLiteral("squeue"),
                    {QStringLiteral("-h"), QStringLiteral("-r"), QStringLiteral("-t"), QStringLiteral("all"),
                     QStringLiteral("-j"), m_jobs.join(u','), QStringLiteral("-o"), QStringLiteral("%i|%T|%r|%N")});
}

void SlurmLauncher::handleQueue(const QByteArray &output)
{
    QSet<QString> seen;
    for (const QByteArray &line : output.split('\n')) {
        const QStringList fields = QString::fromUtf8(line).split(u'|');
        if (fields.size() < 4)
            continue;
        const QString task = fields[0].trimmed();
        const QString state = fields[1].trimmed();
        seen.insert(task);
        m_listed.insert(task);
        EngineHandle *engine = m_tasks.value(task);
        if (!engine)
            continue;
        engine->setSchedulerState(state, fields[2].trimmed(), fields[3].trimmed());
        if (state == u"TIMEOUT" && !m_timedOut.contains(task) && (m_timedOut.insert(task), true))
            emit errorOccurred(
                QStringLiteral("Engine %1 (job %2) hit its time limit%3.")
                    .arg(engine->id())
                    .arg(task, m_profile.time.isEmpty() ? QString() : QStringLiteral(" of %1").arg(m_profile.time)));
        if (isFinal(state) && engine->info().state == EngineState::Starting)
            engine->markEnded(QStringLiteral("job %1 ended %2 before its engine connected").arg(task, state));
    }
    // A job Slurm no longer lists has ended; one whose engine never connected is over.
    bool waiting = false;
    for (auto it = m_tasks.begin(); it != m_tasks.end();) {
        EngineHandle *engine = it.value();
        if (!engine || !engine->isAlive()) {
            it = m_tasks.erase(it);
            continue;
        }
        if (!seen.contains(it.key()) && m_listed.contains(it.key()) && engine->info().state == EngineState::Starting)
            engine->markEnded(QStringLiteral("job %1 is no longer known to Slurm").arg(it.key()));
        waiting |= engine->isAlive();
        ++it;
    }
    if (!waiting)
        m_poll.stop();
}

void SlurmLauncher::stopAll()
{
    m_poll.stop();
    if (m_jobs.isEmpty())
        return;
    // Engines that quit end their jobs; this ends the rest, pending ones included.
    QProcess scancel;
    scancel.start(QStringLiteral("scancel"), m_jobs);
    scancel.waitForFinished(kCommandTimeoutMs);
    m_jobs.clear();
    for (const auto &engine : std::as_const(m_tasks))
        if (engine)
            engine->markEnded(QStringLiteral("its job was cancelled"));
    m_tasks.clear();
}

} // namespace qc
