// Cluster profiles (a name, an engine count and where engines run), stored as JSON files in the
// user's config folder.
#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace qc {

struct Profile
{
    QString name;
    int engines = 1;
    QString launcher = QStringLiteral("local"); // local, slurm or ssh
    // Engines on other machines connect back to HOST[:PORT]; default: this host's name, any port.
    QString listen = {};
    QString engineCommand = {}; // the engine on the other machines; default: the one beside this program
    // Slurm
    QString partition = {};
    QString time = {}; // the job's time limit, as sbatch takes it (01:00:00)
    QString account = {};
    QStringList sbatchArgs = {};
    // SSH: "HOST" or "HOST:N" (N engines there), and options for ssh itself ("-F", "FILE")
    QStringList hosts = {};
    QStringList sshArgs = {};
    // Files go with each task unless the engines see them on a shared filesystem, where a local
    // path starting with the left side of "LOCAL=REMOTE" starts with the right side instead.
    bool sharedFilesystem = false;
    QString pathMap = {};

    bool isRemote() const { return launcher != u"local"; }
    // Whether the engines read files themselves (local engines always do).
    bool enginesReadFiles() const { return !isRemote() || sharedFilesystem; }
};

class ProfileStore
{
public:
    // `folder` defaults to <AppConfigLocation>/profiles.
    explicit ProfileStore(QString folder = {});

    static bool isValidName(const QString &name);
    // What is wrong with a profile's settings, in a sentence; nullopt when nothing is.
    static std::optional<QString> check(const Profile &profile);
    static int defaultEngineCount();

    // Always holds "default" (engines = number of cores), whether or not it was ever saved.
    QList<Profile> list() const;
    std::optional<Profile> find(const QString &name) const;
    // Return a sentence saying what failed, if anything.
    std::optional<QString> save(const Profile &profile) const;
    std::optional<QString> remove(const QString &name) const;
    QString folder() const { return m_folder; }

private:
    QString pathOf(const QString &name) const;
    QString m_folder;
};

} // namespace qc
