// Socket files a crashed controller left behind: found by the PID in their name, and removed.
#pragma once

namespace qc {

// Removes qualcluster-<pid>-<random> sockets in the temp folder whose process is gone.
// Returns how many were removed.
int removeStaleSockets();

} // namespace qc
