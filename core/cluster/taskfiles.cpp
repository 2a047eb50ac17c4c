#include "taskfiles.h"

namespace qc {

namespace {

// "LOCAL=REMOTE": files under LOCAL are under REMOTE on the engines' machines.
QPair<QString, QString> splitPathMap(const QString &map)
{
    const qsizetype equals = map.indexOf(u'=');
    return equals < 0 ? QPair<QString, QString>{} : QPair<QString, QString>{map.left(equals), map.mid(equals + 1)};
}

void replacePrefix(QString &file, const QString &from, const QString &to)
{
    if (file.startsWith(from))
        file.replace(0, from.size(), to);
}

} // namespace

bool renamesFiles(const Profile &profile)
{
    return profile.isRemote() && profile.sharedFilesystem && !splitPathMap(profile.pathMap).first.isEmpty();
}

void prepareForEngines(AnalysisTask &task, const Profile &profile)
{
    if (!profile.enginesReadFiles()) {
        attachPayloads(task); // engines that share no filesystem get the bytes with the task
        return;
    }
    if (!renamesFiles(profile))
        return;
    const auto [local, remote] = splitPathMap(profile.pathMap);
    for (QString &file : task.files)
        replacePrefix(file, local, remote);
}

void nameFilesAsLocal(TaskResult &result, const Profile &profile)
{
    if (!renamesFiles(profile))
        return;
    const auto [local, remote] = splitPathMap(profile.pathMap);
    for (FileError &error : result.errors)
        replacePrefix(error.file, remote, local);
    for (ReadSummary &read : result.readSummaries)
        replacePrefix(read.file, remote, local);
}

} // namespace qc
