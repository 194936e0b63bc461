#include "scry/artifact/repo/repo_artifact.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "scry/base/log.hpp"
#include "scry/base/strings.hpp"

extern char** environ;

namespace scry::artifact::repo {
namespace {

using strings::Split;
using strings::TrimSpace;

struct GitOutput {
  int status = -1;  // exit code, or 128 + signal
  std::string out;
  std::string err;
};

// The environment git runs with: the caller's (credential helpers, GIT_ASKPASS, proxies), but
// never a prompt on the terminal, and messages in English so that failures can be classified.
std::vector<std::string> GitEnvironment() {
  std::vector<std::string> env;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string_view text = *entry;
    if (text.starts_with("GIT_TERMINAL_PROMPT=") || text.starts_with("LC_ALL=") ||
        text.starts_with("LANGUAGE=") || text.starts_with("GCM_INTERACTIVE=")) {
      continue;
    }
    env.emplace_back(text);
  }
  env.emplace_back("GIT_TERMINAL_PROMPT=0");
  env.emplace_back("GCM_INTERACTIVE=never");
  env.emplace_back("LC_ALL=C");
  env.emplace_back("LANGUAGE=C");
  if (std::getenv("GIT_SSH_COMMAND") == nullptr && std::getenv("GIT_SSH") == nullptr) {
    env.emplace_back("GIT_SSH_COMMAND=ssh -o BatchMode=yes");
  }
  return env;
}

// Runs git with `args` (no shell) in its own process group, stdin from /dev/null, and collects
// its output. The group id is published in `running` while git runs.
Result<GitOutput> RunGit(const std::vector<std::string>& args, std::atomic<pid_t>* running) {
  std::vector<std::string> argv_storage = {"git"};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& arg : argv_storage) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_storage = GitEnvironment();
  std::vector<char*> envp;
  for (auto& entry : env_storage) envp.push_back(entry.data());
  envp.push_back(nullptr);

  std::array<int, 2> out_pipe{-1, -1};
  std::array<int, 2> err_pipe{-1, -1};
  if (::pipe2(out_pipe.data(), O_CLOEXEC) != 0 || ::pipe2(err_pipe.data(), O_CLOEXEC) != 0) {
    for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) {
      if (fd >= 0) ::close(fd);
    }
    return Fail(ErrorCode::kIo, "cannot create a pipe for git: {}", std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t empty;
  sigemptyset(&empty);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGTERM);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigmask(&attributes, &empty);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  // Its own group: scry stops git and its helpers (remote-http, index-pack) as one.
  posix_spawnattr_setpgroup(&attributes, 0);
  posix_spawnattr_setflags(&attributes,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  pid_t pid = 0;
  int spawned = ::posix_spawnp(&pid, "git", &actions, &attributes, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (spawned != 0) {
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    return Fail(ErrorCode::kIo, "cannot run git: {} (install git)", std::strerror(spawned));
  }
  if (running != nullptr) running->store(pid);

  GitOutput output;
  std::array<pollfd, 2> fds{pollfd{out_pipe[0], POLLIN, 0}, pollfd{err_pipe[0], POLLIN, 0}};
  std::array<std::string*, 2> sinks{&output.out, &output.err};
  int open_count = 2;
  char buffer[8192];
  while (open_count > 0) {
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        // git's output here is a few lines; cap it so that a misbehaving git cannot fill memory.
        if (sinks[i]->size() < (1u << 20)) sinks[i]->append(buffer, static_cast<size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_count;
      }
    }
  }
  for (const auto& fd : fds) {
    if (fd.fd >= 0) ::close(fd.fd);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (running != nullptr) running->store(0);
  output.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return output;
}

bool Contains(std::string_view text, std::string_view needle) {
  return text.find(needle) != std::string_view::npos;
}

void ReplaceAll(std::string& text, std::string_view from, std::string_view to) {
  if (from.empty()) return;
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at)) {
    text.replace(at, from.size(), to);
    at += to.size();
  }
}

// The user information of a URL whose redacted form differs ("user:secret"), else empty.
std::string_view SecretUserInfo(std::string_view url, std::string_view redacted) {
  if (url == redacted) return {};
  auto scheme_end = url.find("://");
  size_t start = scheme_end == std::string_view::npos ? 0 : scheme_end + 3;
  auto at = url.find('@', start);
  if (at == std::string_view::npos) return {};
  return url.substr(start, at - start);
}

// The first "fatal:"/"error:" line of git's stderr (else its last line), without that prefix
// and with credentials removed, however git spelled the URL.
std::string LastLine(std::string_view err, std::string_view url, std::string_view redacted) {
  std::string text(err);
  ReplaceAll(text, url, redacted);
  std::string_view userinfo = SecretUserInfo(url, redacted);
  if (!userinfo.empty()) {
    ReplaceAll(text, std::string(userinfo) + "@", "");
    ReplaceAll(text, userinfo, "***");
    auto colon = userinfo.find(':');
    if (colon != std::string_view::npos) ReplaceAll(text, userinfo.substr(colon + 1), "***");
  }
  std::string_view last;
  for (std::string_view line : Split(text, '\n')) {
    line = TrimSpace(line);
    if (line.starts_with("fatal: ") || line.starts_with("error: ")) {
      last = line;
      break;
    }
    if (!line.empty()) last = line;
  }
  for (std::string_view prefix : {"fatal: ", "error: "}) {
    if (last.starts_with(prefix)) last.remove_prefix(prefix.size());
  }
  return std::string(last);
}

// Turns a failed clone or fetch into one line that says what went wrong.
Error CloneError(const GitOutput& output, std::string_view url, std::string_view redacted,
                 std::string_view what) {
  const std::string& err = output.err;
  std::string detail = LastLine(err, url, redacted);
  if (Contains(err, "terminal prompts disabled") || Contains(err, "Authentication failed") ||
      Contains(err, "could not read Username") || Contains(err, "could not read Password") ||
      Contains(err, "Permission denied (publickey") ||
      Contains(err, "Host key verification failed") || Contains(err, "Access denied") ||
      Contains(err, "returned error: 401") || Contains(err, "returned error: 403")) {
    return Error(ErrorCode::kAuth,
                 fmt::format("authentication failed for {}: give credentials in the URL or "
                             "through git's environment (GIT_ASKPASS, a credential helper)",
                             redacted));
  }
  if (Contains(err, "not found in upstream origin")) {
    return Error(ErrorCode::kNotFound, fmt::format("unknown {} in {}", what, redacted));
  }
  if (Contains(err, "Could not resolve host") || Contains(err, "Connection refused") ||
      Contains(err, "unable to connect") || Contains(err, "Network is unreachable") ||
      Contains(err, "Failed to connect") || Contains(err, "timed out") ||
      Contains(err, "No route to host") || Contains(err, "unable to look up")) {
    return Error(ErrorCode::kNetwork, fmt::format("network unreachable: {}", detail));
  }
  if (Contains(err, "not found") || Contains(err, "does not appear to be a git repository") ||
      Contains(err, "not exported") || Contains(err, "No such file or directory") ||
      Contains(err, "returned error: 404")) {
    return Error(ErrorCode::kNotFound,
                 fmt::format("repository not found: {} ({})", redacted, detail));
  }
  return Error(ErrorCode::kIo, fmt::format("git failed for {}: {}", redacted, detail));
}

Result<std::string> GitLine(const std::filesystem::path& dir, std::vector<std::string> args) {
  args.insert(args.begin(), {"-C", dir.string()});
  SCRY_TRY(auto output, RunGit(args, nullptr));
  if (output.status != 0) {
    return Fail(ErrorCode::kInvalidInput, "git {}: {}", args[2], LastLine(output.err, "", ""));
  }
  return std::string(TrimSpace(output.out));
}

// HEAD's commit, branch and tags of a working tree.
Status Describe(Repository& repository) {
  SCRY_TRY(repository.commit, GitLine(repository.root, {"rev-parse", "--verify", "HEAD"}));
  auto branch = GitLine(repository.root, {"symbolic-ref", "--short", "-q", "HEAD"});
  if (branch) repository.branch = *branch;
  auto tags = GitLine(repository.root, {"tag", "--points-at", "HEAD"});
  if (tags) {
    for (std::string_view tag : Split(*tags, '\n')) {
      if (!TrimSpace(tag).empty()) repository.tags.emplace_back(TrimSpace(tag));
    }
    std::sort(repository.tags.begin(), repository.tags.end());
  }
  return {};
}

bool IsUnknownRef(const GitOutput& output) {
  return Contains(output.err, "couldn't find remote ref") || Contains(output.err, "not our ref") ||
         Contains(output.err, "unadvertised object") ||
         Contains(output.err, "no such remote ref") || Contains(output.err, "upload-pack: not");
}

Result<Repository> Clone(const RepoOptions& options, const std::string& url) {
  std::string redacted = RedactUrl(url);
  std::error_code error;
  if (std::filesystem::exists(options.clone_dir, error)) {
    return Fail(ErrorCode::kInternal, "{} already exists", options.clone_dir.string());
  }
  Repository repository;
  repository.root = options.clone_dir;
  repository.cloned = true;
  repository.url = redacted;
  std::string dir = options.clone_dir.string();
  SCRY_LOG_INFO("cloning {}{}", redacted,
                !options.branch.empty()   ? " at branch " + options.branch
                : !options.tag.empty()    ? " at tag " + options.tag
                : !options.commit.empty() ? " at commit " + options.commit
                                          : "");
  if (options.commit.empty()) {
    std::vector<std::string> args = {"clone", "--quiet", "--depth", "1"};
    const std::string& ref = options.branch.empty() ? options.tag : options.branch;
    if (!ref.empty()) args.insert(args.end(), {"--branch", ref});
    args.insert(args.end(), {"--", url, dir});
    SCRY_TRY(auto output, RunGit(args, options.running_git));
    if (output.status != 0) {
      std::string what =
          !options.branch.empty() ? "branch " + options.branch : "tag " + options.tag;
      return tl::unexpected(CloneError(output, url, redacted, what));
    }
  } else {
    // A commit cannot be cloned directly: fetch just it, or everything when the server refuses
    // requests for commits that no branch or tag names (or the SHA is abbreviated).
    SCRY_TRY(auto init, RunGit({"init", "--quiet", "--", dir}, nullptr));
    if (init.status != 0) return tl::unexpected(CloneError(init, url, redacted, ""));
    SCRY_TRY(auto remote, RunGit({"-C", dir, "remote", "add", "origin", url}, nullptr));
    if (remote.status != 0) return tl::unexpected(CloneError(remote, url, redacted, ""));
    SCRY_TRY(auto fetch,
             RunGit({"-C", dir, "fetch", "--quiet", "--depth", "1", "origin", options.commit},
                    options.running_git));
    std::string checkout_ref = "FETCH_HEAD";
    if (fetch.status != 0) {
      if (!IsUnknownRef(fetch)) {
        return tl::unexpected(CloneError(fetch, url, redacted, "commit " + options.commit));
      }
      SCRY_LOG_DEBUG("{}: the server refused a shallow fetch of {}; fetching the whole history",
                     redacted, options.commit);
      SCRY_TRY(auto full, RunGit({"-C", dir, "fetch", "--quiet", "--tags", "origin",
                                  "+refs/heads/*:refs/remotes/origin/*"},
                                 options.running_git));
      if (full.status != 0) {
        return tl::unexpected(CloneError(full, url, redacted, "commit " + options.commit));
      }
      checkout_ref = options.commit + "^{commit}";
    }
    SCRY_TRY(auto checkout, RunGit({"-C", dir, "-c", "advice.detachedHead=false", "checkout",
                                    "--quiet", checkout_ref},
                                   options.running_git));
    if (checkout.status != 0) {
      return Fail(ErrorCode::kNotFound, "unknown commit {} in {}", options.commit, redacted);
    }
  }
  SCRY_CHECK(Describe(repository));
  if (!options.commit.empty()) {
    // A fetched commit comes without tags: ask the server which tags name it.
    auto listed = RunGit({"-C", dir, "ls-remote", "--tags", "origin"}, options.running_git);
    if (listed && listed->status == 0) {
      for (std::string_view line : Split(listed->out, '\n')) {
        auto cut = strings::Cut(line, "\t");
        std::string_view ref = cut.after;
        if (cut.before != repository.commit || !ref.starts_with("refs/tags/")) continue;
        ref.remove_prefix(10);
        if (ref.ends_with("^{}")) ref.remove_suffix(3);
        if (std::find(repository.tags.begin(), repository.tags.end(), ref) ==
            repository.tags.end()) {
          repository.tags.emplace_back(ref);
        }
      }
      std::sort(repository.tags.begin(), repository.tags.end());
    }
  }
  if (!options.tag.empty() && std::find(repository.tags.begin(), repository.tags.end(),
                                        options.tag) == repository.tags.end()) {
    repository.tags.push_back(options.tag);
    std::sort(repository.tags.begin(), repository.tags.end());
  }
  return repository;
}

}  // namespace

bool IsRemoteUrl(std::string_view target) {
  for (std::string_view scheme :
       {"file://", "git://", "http://", "https://", "ssh://", "git+ssh://", "ssh+git://"}) {
    if (target.starts_with(scheme)) return true;
  }
  // scp-style user@host:path (git's rule: a colon before any slash); a local path needs no '@'.
  auto colon = target.find(':');
  auto slash = target.find('/');
  auto at = target.find('@');
  return colon != std::string_view::npos && at != std::string_view::npos && at < colon &&
         (slash == std::string_view::npos || colon < slash);
}

std::string RedactUrl(std::string_view url) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) {
    // scp-style: only a user name can stand before '@'; drop it if it carries a password.
    auto at = url.find('@');
    auto colon = url.find(':');
    if (at != std::string_view::npos && colon != std::string_view::npos && colon < at) {
      return std::string(url.substr(at + 1));
    }
    return std::string(url);
  }
  size_t authority = scheme_end + 3;
  size_t end = url.find_first_of("/?#", authority);
  if (end == std::string_view::npos) end = url.size();
  std::string_view host_part = url.substr(authority, end - authority);
  auto at = host_part.rfind('@');
  if (at == std::string_view::npos) return std::string(url);
  std::string_view userinfo = host_part.substr(0, at);
  std::string_view scheme = url.substr(0, scheme_end);
  // An http user name alone is often a token (https://TOKEN@github.com/...); an ssh or git user
  // name ("git@") is not secret.
  bool secret = userinfo.find(':') != std::string_view::npos || scheme.starts_with("http");
  if (!secret) return std::string(url);
  return std::string(url.substr(0, authority)) + std::string(url.substr(authority + at + 1));
}

Result<Repository> OpenRepository(const RepoOptions& options) {
  int refs = !options.branch.empty() + !options.tag.empty() + !options.commit.empty();
  if (refs > 1) {
    return Fail(ErrorCode::kInvalidInput, "give at most one of --branch, --tag and --commit");
  }
  if (IsRemoteUrl(options.target)) return Clone(options, options.target);

  std::error_code error;
  std::filesystem::path root = std::filesystem::absolute(options.target, error);
  if (error || !std::filesystem::is_directory(root, error)) {
    return Fail(ErrorCode::kNotFound, "{} does not exist or is not a directory", options.target);
  }
  Repository repository;
  repository.root = root;
  auto top = GitLine(root, {"rev-parse", "--show-toplevel"});
  if (!top) {
    return Fail(ErrorCode::kInvalidInput,
                "{} is not a git working tree: use `scry fs` for a plain folder", options.target);
  }
  if (refs > 0) {
    // Another revision of a local repository: clone it like a remote one, keeping the working
    // tree as it is.
    return Clone(options, "file://" + std::filesystem::path(*top).string());
  }
  SCRY_CHECK(Describe(repository));
  if (auto origin = GitLine(root, {"remote", "get-url", "origin"}); origin) {
    repository.url = RedactUrl(*origin);
  }
  return repository;
}

}  // namespace scry::artifact::repo
