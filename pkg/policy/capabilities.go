package policy

import (
	"slices"

	"github.com/open-policy-agent/opa/v1/ast"
)

// Capabilities are the built-in functions policies may call: only those on the
// allowed list, pure functions of their arguments. Anything else, a built-in a
// later OPA adds included, is not available until it is classified here
// (TestEveryBuiltinIsClassified fails on one that is not).
func Capabilities() *ast.Capabilities {
	caps := ast.CapabilitiesForThisVersion()
	caps.Builtins = slices.DeleteFunc(caps.Builtins, func(b *ast.Builtin) bool { return !allowed[b.Name] })
	caps.AllowNet = []string{}
	return caps
}

// denied are the built-ins of OPA (v1.22.2) that policies may not call, with the
// reason given in the compile error of a policy that does: a verdict may depend
// only on the manifests and the assessment date, never on the host, the
// network, the clock or chance, and a policy must not reach anything else.
var denied = map[string]string{
	"http.send":          "network access",
	"net.lookup_ip_addr": "network access (DNS)",
	"opa.runtime":        "host environment access",
	"time.now_ns":        "use data.erslint.config.asOf, so results do not depend on when erslint runs",
	"rand.intn":          "results must be deterministic",
	"uuid.rfc4122":       "results must be deterministic",
	// A schema's $ref may name file:// URLs: host files would be probed and
	// read (a FIFO or /dev/zero would hang or exhaust memory, past the time
	// limit, which cannot stop a built-in half-way).
	"json.verify_schema": "a schema's $ref can read host files",
	"json.match_schema":  "a schema's $ref can read host files",
	// Verification against the current time (expiry, validity period).
	"io.jwt.decode_verify":                                   "it checks expiry against the current time; results must not depend on when erslint runs",
	"crypto.x509.parse_and_verify_certificates":              "it checks validity against the current time; results must not depend on when erslint runs",
	"crypto.x509.parse_and_verify_certificates_with_options": "it checks validity against the current time; results must not depend on when erslint runs",
	// Signatures that draw random numbers (ECDSA, RSA-PSS).
	"io.jwt.encode_sign":     "signing draws random numbers; results must be deterministic",
	"io.jwt.encode_sign_raw": "signing draws random numbers; results must be deterministic",
	// One call can build millions of terms (a /8 is 16 million addresses),
	// which the time limit cannot interrupt.
	"net.cidr_expand": "one call can build millions of addresses",
	// A prefix, an indent or a template loop is repeated on every line: one
	// call can write gigabytes from a small value (a 1.7 MB prefix on 100,000
	// lines ran the run out of memory). sprintf and json.marshal write values.
	"json.marshal_with_options": "its prefix and indent are repeated on every line: one call can write gigabytes, which the time limit cannot interrupt; use json.marshal",
	"strings.render_template":   "a template's loops can repeat a value without bound in one call, which the time limit cannot interrupt; use sprintf",
	// A graph of 22 nodes has two million paths from one node: one call ran
	// past a 2-second time limit for over a minute.
	"graph.reachable_paths": "the paths of a small graph can be millions, listed in one call, which the time limit cannot interrupt; use graph.reachable",
}

// allowed are the built-ins policies may call: pure and deterministic, reading
// nothing but their arguments. The time functions compute with the dates they
// are given; a time zone name among their arguments is looked up in Go's zone
// database, as OPA does.
var allowed = setOf(
	// operators, comparison and the internals the compiler rewrites to
	"assign", "eq", "equal", "neq", "gt", "gte", "lt", "lte",
	"plus", "minus", "mul", "div", "rem", "and", "or",
	"internal.member_2", "internal.member_3", "internal.template_string",
	"internal.print", "print", "trace", "internal.test_case",
	// numbers
	"abs", "ceil", "floor", "round", "max", "min", "sum", "product", "count",
	"numbers.range", "numbers.range_step", "format_int", "to_number",
	"bits.and", "bits.or", "bits.xor", "bits.negate", "bits.lsh", "bits.rsh",
	"units.parse", "units.parse_bytes",
	// aggregates, collections
	"all", "any", "sort", "union", "intersection", "set_diff",
	"array.concat", "array.flatten", "array.reverse", "array.slice",
	"object.filter", "object.get", "object.keys", "object.remove", "object.subset", "object.union", "object.union_n",
	"json.filter", "json.patch", "json.remove", "walk",
	"graph.reachable",
	// types
	"is_array", "is_boolean", "is_null", "is_number", "is_object", "is_set", "is_string", "type_name",
	"cast_array", "cast_boolean", "cast_null", "cast_object", "cast_set", "cast_string",
	// strings
	"concat", "contains", "endswith", "startswith", "indexof", "indexof_n", "lower", "upper",
	"replace", "split", "sprintf", "substring", "trim", "trim_left", "trim_prefix", "trim_right",
	"trim_space", "trim_suffix", "strings.any_prefix_match", "strings.any_suffix_match",
	"strings.count", "strings.replace_n", "strings.reverse", "strings.split_n",
	// regular expressions (RE2: linear time) and globs
	"re_match", "regex.match", "regex.is_valid", "regex.find_n", "regex.find_all_string_submatch_n",
	"regex.replace", "regex.split", "regex.template_match", "regex.globs_match",
	"glob.match", "glob.quote_meta",
	// encodings
	"base64.decode", "base64.encode", "base64.is_valid", "base64url.decode", "base64url.encode",
	"base64url.encode_no_pad", "hex.decode", "hex.encode", "urlquery.decode", "urlquery.decode_object",
	"urlquery.encode", "urlquery.encode_object", "uri.is_valid", "uri.parse",
	"json.is_valid", "json.marshal", "json.unmarshal",
	"yaml.is_valid", "yaml.marshal", "yaml.unmarshal",
	"graphql.is_valid", "graphql.parse", "graphql.parse_and_verify", "graphql.parse_query",
	"graphql.parse_schema", "graphql.schema_is_valid",
	"semver.compare", "semver.is_valid", "uuid.parse",
	// dates and durations, from the values given
	"time.add_date", "time.clock", "time.date", "time.diff", "time.format", "time.parse_duration_ns",
	"time.parse_ns", "time.parse_rfc3339_ns", "time.weekday",
	// hashes, signatures checked with the keys given, parsing of keys and certificates
	"crypto.md5", "crypto.sha1", "crypto.sha256", "crypto.hmac.equal", "crypto.hmac.md5",
	"crypto.hmac.sha1", "crypto.hmac.sha256", "crypto.hmac.sha512", "crypto.parse_private_keys",
	"crypto.x509.parse_certificate_request", "crypto.x509.parse_certificates", "crypto.x509.parse_keypair",
	"crypto.x509.parse_rsa_private_key", "io.jwt.decode",
	"io.jwt.verify_eddsa", "io.jwt.verify_es256", "io.jwt.verify_es384", "io.jwt.verify_es512",
	"io.jwt.verify_hs256", "io.jwt.verify_hs384", "io.jwt.verify_hs512",
	"io.jwt.verify_ps256", "io.jwt.verify_ps384", "io.jwt.verify_ps512",
	"io.jwt.verify_rs256", "io.jwt.verify_rs384", "io.jwt.verify_rs512",
	"providers.aws.sign_req", // signs with the time given as an argument
	// network addresses, as values: no lookup
	"net.cidr_contains", "net.cidr_contains_matches", "net.cidr_intersects", "net.cidr_is_valid",
	"net.cidr_merge", "net.cidr_overlap",
	// the policy's own metadata and Rego source given as a value
	"rego.metadata.chain", "rego.metadata.rule", "rego.parse_module",
)

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}
