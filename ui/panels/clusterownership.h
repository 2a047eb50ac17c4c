// Which clusters a window launched: they have the window as owner (and stop when its process
// ends) unless the profile keeps running, and the window stops them when it closes. A cluster
// started from a terminal, or by another window, is never the window's and keeps no owner.
#pragma once

#include "cluster/clusterregistry.h"

#include <QCoreApplication>
#include <QSet>
#include <QString>

namespace qc {

class ControllerClient;

class ClusterOwnership
{
    Q_DECLARE_TR_FUNCTIONS(qc::ClusterOwnership)

public:
    ClusterOwnership(ControllerClient *client, ClusterRegistry registry);

    // "Keep running after the window closes", remembered per profile (QSettings).
    static bool keepsRunning(const QString &profile);
    void setKeepsRunning(const QString &profile, bool keep);
    bool isStartedHere(const QString &profile) const { return m_startedHere.contains(profile); }
    QSet<QString> startedHere() const { return m_startedHere; }
    // Who started the profile's cluster and what closing the window does to it, as a sentence.
    QString originNote(const QString &profile) const;

    // Leaves the client's cluster (it keeps its owner) and readies the client for `profile`.
    void leaveFor(const QString &profile);
    // Around a start by the client (Start, Restart, or a run that needs engines): a cluster it
    // launched is this window's; one it found running stays as it was.
    void prepareStart();
    void finishStart();
    // Once attached: the owner the box says (it may have been toggled while the cluster started).
    void handleAttached();
    // The profile's cluster is gone, or never came up.
    void forget(const QString &profile) { m_startedHere.remove(profile); }
    // When the window closes: asks every cluster of the window that is not kept running to stop,
    // and returns at once.
    void stopAll();
    // The client has launched a controller that it has not attached to yet.
    bool isLaunching() const;

private:
    qint64 ownerFor(const QString &profile) const;

    ControllerClient *m_client;
    ClusterRegistry m_registry;
    QSet<QString> m_startedHere;
    bool m_armed = false;
};

} // namespace qc
