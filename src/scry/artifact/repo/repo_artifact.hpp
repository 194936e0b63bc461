// `scry repo PATH_OR_URL`: a git repository, either a local working tree scanned in place or a
// URL cloned shallowly by the `git` command (spawned with an argument vector, never a shell, with
// terminal prompts disabled) into a folder under scry's temp directory. Credentials come only
// from the URL or git's own environment (GIT_ASKPASS, credential helpers) and never appear in
// messages or reports: every URL that leaves this module has its user:password@ removed.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "scry/base/error.hpp"

namespace scry::artifact::repo {

// True for what git clones from a URL: file://, git://, http(s)://, ssh:// (also git+ssh://) and
// scp-style user@host:path; false for a local path.
bool IsRemoteUrl(std::string_view target);

// `url` without user information ("https://user:secret@host/x" -> "https://host/x"); scp-style
// and other forms are returned unchanged, except that a password-bearing userinfo is dropped.
std::string RedactUrl(std::string_view url);

struct RepoOptions {
  std::string target;  // local path or URL, as the user gave it
  std::string branch;  // at most one of branch, tag and commit
  std::string tag;
  std::string commit;  // full or abbreviated SHA
  // Where a clone goes (created by OpenRepository, which fails if it exists). The caller removes
  // it afterwards, also when OpenRepository fails.
  std::filesystem::path clone_dir;
  // While git runs, the process group id of the running git command (0 otherwise), so that a
  // signal handler can stop it before removing clone_dir. May be null.
  std::atomic<pid_t>* running_git = nullptr;
};

struct Repository {
  std::filesystem::path root;  // the working tree to scan
  bool cloned = false;
  std::string url;                // redacted; empty for a local working tree
  std::string branch;             // checked-out branch; empty for a detached HEAD (tag, commit)
  std::vector<std::string> tags;  // tags pointing at HEAD, sorted
  std::string commit;             // full SHA of HEAD
};

// Opens a local working tree (only when no branch, tag or commit is asked for) or clones a URL
// (or a local repository given with --branch, --tag or --commit) into options.clone_dir. Errors
// are one line and say what failed: kAuth (authentication), kNotFound (repository, branch, tag
// or commit not found), kNetwork (host unreachable), kInvalidInput (not a git repository, two
// of branch/tag/commit), kIo (git missing or failing otherwise).
Result<Repository> OpenRepository(const RepoOptions& options);

}  // namespace scry::artifact::repo
