// How a task's files reach engines elsewhere, and back: their bytes sent with the task, or their
// paths renamed for a shared filesystem mounted under another path (and named back in results).
#pragma once

#include "analysis/task.h"
#include "profilestore.h"

namespace qc {

// Whether results must be decoded to name their files as the user knows them.
bool renamesFiles(const Profile &profile);
// Before a task goes to one of the profile's engines.
void prepareForEngines(AnalysisTask &task, const Profile &profile);
// After a result comes back: files named as the user knows them, not as an engine mounts them.
void nameFilesAsLocal(TaskResult &result, const Profile &profile);

} // namespace qc
