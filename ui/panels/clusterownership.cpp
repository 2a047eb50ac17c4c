#include "clusterownership.h"

#include "cluster/controllerclient.h"

#include <QSettings>
#include <QTimer>

namespace qc {

namespace {

constexpr int kStopRetryMs = 100;

QString keepRunningKey(const QString &profile)
{
    return QStringLiteral("cluster/keepRunning/") + profile;
}

// A client of its own asks the profile's controller to stop, from the event loop, after the
// window is gone; it retries while a cluster that is still starting has no state file yet. If
// the application quits first, the controller's watch on its owner stops it.
void stopInBackground(const QString &profile, const ClusterRegistry &registry)
{
    auto *client = new ControllerClient(profile, registry, QCoreApplication::instance());
    auto *retry = new QTimer(client);
    retry->setInterval(kStopRetryMs);
    QObject::connect(retry, &QTimer::timeout, client, [client] { client->attach(); });
    QObject::connect(client, &ControllerClient::attached, retry, &QTimer::stop);
    QObject::connect(client, &ControllerClient::attached, client, &ControllerClient::stop);
    QObject::connect(client, &ControllerClient::lost, client, &QObject::deleteLater);
    QTimer::singleShot(ControllerClient::kLaunchTimeoutMs, client, &QObject::deleteLater);
    client->attach();
    retry->start();
}

} // namespace

ClusterOwnership::ClusterOwnership(ControllerClient *client, ClusterRegistry registry)
    : m_client(client)
    , m_registry(std::move(registry))
{}

bool ClusterOwnership::keepsRunning(const QString &profile)
{
    return QSettings().value(keepRunningKey(profile), false).toBool();
}

void ClusterOwnership::setKeepsRunning(const QString &profile, bool keep)
{
    QSettings().setValue(keepRunningKey(profile), keep);
    // Only a cluster this window started has it as owner; one from a terminal has none, and keeps it so.
    if (isStartedHere(profile) && profile == m_client->profile())
        m_client->setOwnerPid(ownerFor(profile));
}

QString ClusterOwnership::originNote(const QString &profile) const
{
    if (!isStartedHere(profile))
        return tr("Started from a terminal or another window: it keeps running when this window closes.");
    return keepsRunning(profile) ? tr("Started from this window; it keeps running after the window closes.")
                                 : tr("Started from this window; it stops when the window closes.");
}

void ClusterOwnership::leaveFor(const QString &profile)
{
    // Leave first: the cluster left behind must keep the owner it has.
    m_client->detach();
    m_client->setOwnerPid(isStartedHere(profile) ? ownerFor(profile) : 0);
}

void ClusterOwnership::prepareStart()
{
    m_armed = !m_client->isRunning();
    if (m_armed)
        m_client->setOwnerPid(ownerFor(m_client->profile())); // passed to the controller it launches
}

void ClusterOwnership::finishStart()
{
    if (!std::exchange(m_armed, false))
        return;
    const QString profile = m_client->profile();
    if (isLaunching())
        m_startedHere.insert(profile);
    else if (!m_client->isAttached()) // it found the cluster running (or failed): not made this window's
        m_client->setOwnerPid(isStartedHere(profile) ? ownerFor(profile) : 0);
}

void ClusterOwnership::handleAttached()
{
    if (isStartedHere(m_client->profile()))
        m_client->setOwnerPid(ownerFor(m_client->profile()));
}

void ClusterOwnership::stopAll()
{
    for (const QString &profile : std::as_const(m_startedHere)) {
        if (keepsRunning(profile))
            continue;
        if (profile == m_client->profile() && m_client->isAttached())
            m_client->stop();
        else
            stopInBackground(profile, m_registry);
    }
}

qint64 ClusterOwnership::ownerFor(const QString &profile) const
{
    return keepsRunning(profile) ? 0 : QCoreApplication::applicationPid();
}

bool ClusterOwnership::isLaunching() const
{
    return m_client->isRunning() && !m_client->isAttached();
}

} // namespace qc
