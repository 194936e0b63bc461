#include "scry/formats/yaml.hpp"

#include <yaml.h>

#include <memory>

namespace scry::formats::yaml {
namespace {

struct ParserDeleter {
  void operator()(yaml_parser_t* parser) const {
    yaml_parser_delete(parser);
    delete parser;
  }
};
struct EventGuard {
  yaml_event_t event;
  ~EventGuard() { yaml_event_delete(&event); }
};

bool IsNullScalar(const yaml_event_t& event) {
  if (event.data.scalar.style != YAML_PLAIN_SCALAR_STYLE) return false;
  std::string_view text(reinterpret_cast<const char*>(event.data.scalar.value),
                        event.data.scalar.length);
  return text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL";
}

// A container being filled, and for mappings the key waiting for its value.
struct Frame {
  Node* node;
  std::string key;
  bool have_key = false;
};

}  // namespace

const Node* Node::Find(std::string_view key) const {
  if (kind != Kind::kMapping) return nullptr;
  for (const auto& [name, value] : entries) {
    if (name == key) return &value;
  }
  return nullptr;
}

Result<Node> Parse(std::string_view text, const Limits& limits) {
  if (text.size() > limits.max_bytes) {
    return Fail(ErrorCode::kLimitExceeded, "YAML document of {} bytes is larger than {} bytes",
                text.size(), limits.max_bytes);
  }
  std::unique_ptr<yaml_parser_t, ParserDeleter> parser(new yaml_parser_t);
  if (yaml_parser_initialize(parser.get()) == 0) {
    delete parser.release();
    return Fail(ErrorCode::kInternal, "cannot initialise the YAML parser");
  }
  // libyaml asserts on a null input pointer, which an empty view (e.g. of an empty file) may have.
  if (text.data() == nullptr) text = std::string_view("", 0);
  yaml_parser_set_input_string(parser.get(), reinterpret_cast<const unsigned char*>(text.data()),
                               text.size());
  Node root;
  bool have_root = false;
  std::vector<Frame> stack;
  size_t nodes = 0;
  // Places a finished node into its parent (or as the root); returns the placed node.
  auto place = [&](Node node) -> Result<Node*> {
    if (++nodes > limits.max_nodes) {
      return Fail(ErrorCode::kLimitExceeded, "YAML document has more than {} nodes",
                  limits.max_nodes);
    }
    if (stack.empty()) {
      root = std::move(node);
      have_root = true;
      return &root;
    }
    Frame& top = stack.back();
    if (top.node->kind == Node::Kind::kSequence) {
      top.node->items.push_back(std::move(node));
      return &top.node->items.back();
    }
    if (!top.have_key) {
      if (node.kind == Node::Kind::kMapping || node.kind == Node::Kind::kSequence) {
        return Fail(ErrorCode::kInvalidInput, "line {}: a mapping key must be a scalar", node.line);
      }
      top.key = std::move(node.scalar);
      top.have_key = true;
      return nullptr;
    }
    top.have_key = false;
    top.node->entries.push_back(Entry{std::move(top.key), std::move(node)});
    return &top.node->entries.back().second;
  };
  while (true) {
    EventGuard guard;
    if (yaml_parser_parse(parser.get(), &guard.event) == 0) {
      return Fail(ErrorCode::kInvalidInput, "YAML line {}: {}", parser->problem_mark.line + 1,
                  parser->problem != nullptr ? parser->problem : "malformed");
    }
    const yaml_event_t& event = guard.event;
    size_t line = event.start_mark.line + 1;
    switch (event.type) {
      case YAML_STREAM_END_EVENT:
      case YAML_DOCUMENT_END_EVENT:
        if (have_root || event.type == YAML_STREAM_END_EVENT) return root;
        break;
      case YAML_ALIAS_EVENT:
        return Fail(ErrorCode::kInvalidInput, "YAML line {}: aliases are not supported", line);
      case YAML_SCALAR_EVENT: {
        Node node;
        node.line = line;
        if (!IsNullScalar(event)) {
          node.kind = Node::Kind::kScalar;
          node.scalar.assign(reinterpret_cast<const char*>(event.data.scalar.value),
                             event.data.scalar.length);
        }
        SCRY_TRY(Node * placed, place(std::move(node)));
        (void)placed;
        break;
      }
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT: {
        if (stack.size() >= limits.max_depth) {
          return Fail(ErrorCode::kLimitExceeded, "YAML line {}: nested deeper than {}", line,
                      limits.max_depth);
        }
        Node node;
        node.line = line;
        node.kind =
            event.type == YAML_SEQUENCE_START_EVENT ? Node::Kind::kSequence : Node::Kind::kMapping;
        if (!stack.empty() && stack.back().node->kind == Node::Kind::kMapping &&
            !stack.back().have_key) {
          return Fail(ErrorCode::kInvalidInput, "YAML line {}: a mapping key must be a scalar",
                      line);
        }
        SCRY_TRY(Node * placed, place(std::move(node)));
        stack.push_back(Frame{placed, {}, false});
        break;
      }
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT:
        if (!stack.empty()) stack.pop_back();
        break;
      default:
        break;
    }
  }
}

}  // namespace scry::formats::yaml
