#include "sample.h"

#include "formats/qualityfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>
#include <atomic>
#include <dirent.h>

namespace qc {

bool parseSampleName(const QString &name, int *treatment, int *replicate)
{
    static const QRegularExpression pattern(QStringLiteral("^t(\\d+)_(\\d+)$"));
    const auto match = pattern.match(name);
    if (!match.hasMatch())
        return false;
    *treatment = match.captured(1).toInt();
    *replicate = match.captured(2).toInt();
    return true;
}

namespace {

// QDir leaves out names that are not valid in the file-name encoding (UTF-8), so such a file
// would vanish without a word. The raw directory listing finds them, to report them.
QList<FileError> undecodableReadFiles(const QString &folder)
{
    QList<FileError> errors;
    DIR *dir = ::opendir(QFile::encodeName(folder).constData());
    if (!dir)
        return errors;
    while (const dirent *entry = ::readdir(dir)) {
        const QByteArray name(entry->d_name);
        if (!isReadFileName(QString::fromLatin1(name)) || QFile::encodeName(QFile::decodeName(name)) == name)
            continue;
        errors.append({folder + u'/' + QString::fromLatin1(name), 0, -1,
                       QStringLiteral("the file name is not valid UTF-8, so the file cannot be opened by name; "
                                      "rename it to include it")});
    }
    ::closedir(dir);
    return errors;
}

// A file whose name says nothing is looked into: its first 4 KB tell whether it holds reads.
bool startsLikeReads(const QFileInfo &entry)
{
    QFile file(entry.filePath());
    if (entry.size() == 0 || !file.open(QIODevice::ReadOnly))
        return false;
    return looksLikeReads(file.read(4096));
}

Sample scanFolder(const QString &path)
{
    const QDir dir(path);
    Sample sample;
    sample.path = dir.absolutePath();
    sample.name = QFileInfo(sample.path).fileName();
    parseSampleName(sample.name, &sample.treatment, &sample.replicate);
    const auto entries = dir.entryInfoList(QDir::Files | QDir::Hidden | QDir::System, QDir::Name);
    for (const QFileInfo &entry : entries) {
        if (isReadFileName(entry.fileName()) || (!isKnownOtherFileName(entry.fileName()) && startsLikeReads(entry)))
            sample.files.append(entry.filePath());
        else
            ++sample.skippedFiles;
    }
    sample.scanErrors = undecodableReadFiles(sample.path);
    return sample;
}

// Results are keyed by sample name, so two folders called t1_1 from different parents need
// distinct names; the same folder given twice is read once.
void appendUnique(QList<Sample> &samples, Sample sample)
{
    for (const Sample &existing : samples)
        if (existing.path == sample.path)
            return;
    const QString base = sample.name;
    for (int n = 2; std::any_of(samples.begin(), samples.end(), [&](const Sample &s) { return s.name == sample.name; });
         ++n)
        sample.name = QStringLiteral("%1 (%2)").arg(base).arg(n);
    samples.append(sample);
}

} // namespace

QList<Sample> discoverSamples(const QStringList &paths, QStringList *problems)
{
    QList<Sample> samples;
    for (const QString &path : paths) {
        const QFileInfo info(path);
        if (!info.isDir()) {
            problems->append(info.exists() ? QStringLiteral("%1 is not a folder.").arg(path)
                                           : QStringLiteral("%1 does not exist.").arg(path));
            continue;
        }
        Sample own = scanFolder(path);
        if (!own.files.isEmpty() || !own.scanErrors.isEmpty()) {
            appendUnique(samples, own);
            continue;
        }
        // A parent folder: each subfolder holding files of reads is a sample.
        const auto children = QDir(path).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
        qsizetype before = samples.size();
        for (const QFileInfo &child : children) {
            Sample sample = scanFolder(child.filePath());
            if (!sample.files.isEmpty() || !sample.scanErrors.isEmpty())
                appendUnique(samples, sample);
        }
        if (samples.size() == before)
            problems->append(QStringLiteral("%1 holds no files of reads (.qual, .fastq, .ab1, .scf, .ztr, "
                                            ".phd.1...), nor do its subfolders.")
                                 .arg(path));
    }
    return samples;
}

QList<AnalysisTask> planTasks(const QList<Sample> &samples, int workers)
{
    // Aim for about four tasks per worker so that no worker idles while another finishes a big
    // folder, but keep chunks large enough that per-task overhead stays negligible.
    constexpr qsizetype minimumChunk = 32;
    qsizetype totalFiles = 0;
    for (const Sample &sample : samples)
        totalFiles += sample.files.size();
    const qsizetype target = std::max<qsizetype>(1, qsizetype(std::max(workers, 1)) * 4);
    const qsizetype chunk = std::max(minimumChunk, (totalFiles + target - 1) / target);

    // Ids are unique in the whole process, so a late result of a cancelled run can never be taken
    // for a task of the next one.
    static std::atomic<quint64> nextId{1};
    QList<AnalysisTask> tasks;
    for (const Sample &sample : samples) {
        const qsizetype pieces = std::max<qsizetype>(1, (sample.files.size() + chunk - 1) / chunk);
        const qsizetype perPiece = (sample.files.size() + pieces - 1) / pieces;
        for (qsizetype first = 0; first < sample.files.size(); first += perPiece)
            tasks.append({nextId++, sample.name, sample.files.mid(first, perPiece)});
    }
    return tasks;
}

} // namespace qc
