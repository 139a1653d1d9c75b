package plan

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"safetybot"
)

// strictDecoder walks a JSON document against a Go type before it is
// decoded, so that an unknown or misspelt field, a value of the wrong type
// or a duplicated key is refused with its JSON path and line. encoding/json
// names neither for unknown fields. It also remembers the line of every
// value, for the checks that follow decoding.
type strictDecoder struct {
	src   []byte
	dec   *json.Decoder
	lines map[string]int // JSON path → line of its value
}

// maxDepth bounds nesting, so a hostile file cannot exhaust the stack.
const maxDepth = 32

func decodeStrict(src []byte, v any) (map[string]int, error) {
	d := &strictDecoder{src: src, dec: json.NewDecoder(bytes.NewReader(src)), lines: map[string]int{}}
	d.dec.UseNumber()
	if err := d.value(reflect.TypeOf(v).Elem(), "", 0); err != nil {
		return nil, err
	}
	if _, err := d.dec.Token(); err != io.EOF {
		return nil, d.errAt(d.dec.InputOffset(), "", "文件在第一个 JSON 对象之后还有内容")
	}
	if err := json.Unmarshal(src, v); err != nil {
		// The walk above has checked every field and type; this is a
		// number out of range or the like.
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return nil, d.errAt(te.Offset, te.Field, "值「%s」无法读作%s", te.Value, kindName(te.Type))
		}
		return nil, d.errAt(0, "", "无法读取：%v", err)
	}
	return d.lines, nil
}

// line returns the 1-based line of byte offset off.
func (d *strictDecoder) line(off int64) int {
	if off > int64(len(d.src)) {
		off = int64(len(d.src))
	}
	return bytes.Count(d.src[:off], []byte("\n")) + 1
}

// syntaxOffset is where in the source the syntax error se lies. The
// Decoder's own offset is not the input's when the error is inside a value
// (a scanner error): it counts only the bytes its values were scanned from,
// not the white space and delimiters Token skipped, so a file beginning
// with blank lines was reported a line or more too early (fix9-6 #5: the
// plan text, on line 3, was 「第 2 行」). The first syntax error of the
// document is the one the walk stopped at, and json.Unmarshal scans the
// whole source from its first byte: its offset is the input's.
func (d *strictDecoder) syntaxOffset(se *json.SyntaxError) int64 {
	off := se.Offset
	var whole *json.SyntaxError
	if errors.As(json.Unmarshal(d.src, new(any)), &whole) {
		off = whole.Offset
	}
	// The offset counts the bad byte: the line is the bad byte's (a
	// newline in a string is on the line it ends).
	return max(off-1, 0)
}

// valueStart skips the white space and the ':' or ',' that follow offset
// off, to the first byte of the next value.
func (d *strictDecoder) valueStart(off int64) int64 {
	for off < int64(len(d.src)) && strings.IndexByte(" \t\r\n:,", d.src[off]) >= 0 {
		off++
	}
	return off
}

func (d *strictDecoder) errAt(off int64, path, format string, args ...any) error {
	return fileError(d.line(off), path, format, args...)
}

// fileError is the one-line reason a plan file is refused: the line, the
// JSON path and what is wrong, in Chinese.
func fileError(line int, path, format string, args ...any) error {
	where := ""
	if line > 0 {
		where = fmt.Sprintf("第 %d 行", line)
	}
	if path != "" {
		if where != "" {
			where += " "
		}
		where += path
	}
	msg := fmt.Sprintf(format, args...)
	if where != "" {
		msg = where + "：" + msg
	}
	return safetybot.Errorf(safetybot.EINVALID, "%s", safetybot.OneLine(msg, 300))
}

func (d *strictDecoder) token(path string) (json.Token, int64, error) {
	start := d.valueStart(d.dec.InputOffset())
	tok, err := d.dec.Token()
	if err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			off := d.syntaxOffset(se)
			return nil, off, d.errAt(off, path, "JSON 格式错误：%s", syntaxHint(se.Error(), d.charAt(start)))
		}
		if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, int64(len(d.src)), d.errAt(int64(len(d.src)), path, "文件不完整（缺少结尾的括号或引号）")
		}
		return nil, start, d.errAt(start, path, "JSON 格式错误：%v", err)
	}
	return tok, start, nil
}

// value reads one value of type t at path.
func (d *strictDecoder) value(t reflect.Type, path string, depth int) error {
	if depth > maxDepth {
		return d.errAt(d.dec.InputOffset(), path, "嵌套过深")
	}
	tok, start, err := d.token(path)
	if err != nil {
		return err
	}
	d.lines[path] = d.line(start)
	if tok == nil { // null: the field is absent
		return nil
	}
	switch t.Kind() {
	case reflect.Struct:
		if tok != json.Delim('{') {
			return d.errAt(start, path, "应为对象 {…}，实际是 %s", tokenName(tok))
		}
		return d.object(t, path, depth)
	case reflect.Slice:
		if tok != json.Delim('[') {
			return d.errAt(start, path, "应为数组 […]，实际是 %s", tokenName(tok))
		}
		for i := 0; d.dec.More(); i++ {
			if err := d.value(t.Elem(), fmt.Sprintf("%s[%d]", path, i), depth+1); err != nil {
				return err
			}
		}
		_, _, err := d.token(path)
		return err
	case reflect.String:
		if _, ok := tok.(string); !ok {
			return d.errAt(start, path, "应为字符串（加引号），实际是 %s", tokenName(tok))
		}
	case reflect.Int, reflect.Int64:
		n, ok := tok.(json.Number)
		if !ok {
			return d.errAt(start, path, "应为整数，实际是 %s", tokenName(tok))
		}
		if _, err := strconv.ParseInt(string(n), 10, 32); err != nil {
			return d.errAt(start, path, "应为整数，实际是 %s", n)
		}
	case reflect.Bool:
		if _, ok := tok.(bool); !ok {
			return d.errAt(start, path, "应为 true 或 false，实际是 %s", tokenName(tok))
		}
	default:
		return d.errAt(start, path, "不支持的字段类型")
	}
	return nil
}

func (d *strictDecoder) object(t reflect.Type, path string, depth int) error {
	fields := jsonFields(t)
	seen := map[string]bool{}
	for d.dec.More() {
		tok, start, err := d.token(path)
		if err != nil {
			return err
		}
		key, _ := tok.(string)
		sub := key
		if path != "" {
			sub = path + "." + key
		}
		ft, ok := fields[key]
		switch {
		case !ok:
			return d.errAt(start, sub, "未知字段「%s」（可用字段：%s）", key, strings.Join(fieldNames(t), "、"))
		case seen[key]:
			return d.errAt(start, sub, "字段「%s」重复出现", key)
		}
		seen[key] = true
		if err := d.value(ft, sub, depth+1); err != nil {
			return err
		}
	}
	_, _, err := d.token(path)
	return err
}

// jsonFields maps the JSON names of t's fields (embedded structs promoted)
// to their types; fields tagged "-" are not part of the file.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		switch {
		case name == "-" || !f.IsExported():
		case f.Anonymous && name == "":
			for k, v := range jsonFields(f.Type) {
				out[k] = v
			}
		case name == "":
			out[f.Name] = f.Type
		default:
			out[name] = f.Type
		}
	}
	return out
}

func fieldNames(t reflect.Type) []string {
	var names []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case name == "-" || !f.IsExported():
		case f.Anonymous && name == "":
			names = append(names, fieldNames(f.Type)...)
		case name == "":
			names = append(names, f.Name)
		default:
			names = append(names, name)
		}
	}
	return names
}

func tokenName(tok json.Token) string {
	switch v := tok.(type) {
	case json.Delim:
		if v == '{' {
			return "对象"
		}
		return "数组"
	case string:
		return "字符串「" + safetybot.Truncate(v, 20) + "」"
	case json.Number:
		return "数字 " + string(v)
	case bool:
		return strconv.FormatBool(v)
	}
	return "null"
}

func kindName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "字符串"
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "整数"
	case reflect.Bool:
		return "true/false"
	}
	return t.String()
}

// syntaxHint turns encoding/json's syntax message into a short Chinese hint.
func syntaxHint(msg, char string) string {
	switch {
	case strings.Contains(msg, "after object key:value pair"), strings.Contains(msg, "after array element"):
		return "缺少逗号，或多了一个逗号"
	case strings.Contains(msg, "after object key"):
		return "字段名后缺少冒号"
	case strings.Contains(msg, "looking for beginning of object key string"):
		return "字段名须加双引号（或对象末尾多了逗号）"
	case strings.Contains(msg, "in string literal"):
		return "字符串中有未转义的控制字符"
	case strings.Contains(msg, "looking for beginning of value"):
		return "此处应为一个值，却是字符「" + char + "」（文字须加英文双引号）"
	}
	// Elsewhere the value's first character need not be the bad one; the
	// message's quoted byte is, when it is a whole (ASCII) character.
	if rest, ok := strings.CutPrefix(msg, "invalid character "); ok {
		if c, err := strconv.Unquote(strings.SplitN(rest, " ", 2)[0]); err == nil && len(c) == 1 && c[0] >= ' ' && c[0] < utf8.RuneSelf {
			return "此处不应有字符「" + c + "」"
		}
	}
	return "此处有无法解析的字符"
}

// charAt is the character at offset off of the source, where the value
// the decoder choked on starts: its error quotes only the first byte (「'ï'
// looking for beginning of value」 for a BOM, 「'æ'」 for 沁), in English
// (qa3 #5), and its offset is not always the input's.
func (d *strictDecoder) charAt(off int64) string {
	if off < 0 || off >= int64(len(d.src)) {
		return ""
	}
	r, _ := utf8.DecodeRune(d.src[off:])
	if r == utf8.RuneError || r < ' ' {
		return ""
	}
	return string(r)
}

// dutyPath is the JSON path of what a schedule error is about: the duty of
// the file (a working group's copy is the duty it was made from), its
// reminder and field when known; "duties" for anything else.
func dutyPath(f *safetybot.PlanFile, err error) string {
	var de *DutyError
	if !errors.As(err, &de) {
		return "duties"
	}
	for i, d := range f.Duties {
		if d.Key != de.Key && !strings.HasPrefix(de.Key, d.Key+":") {
			continue
		}
		path := fmt.Sprintf("duties[%d]", i)
		if de.Reminder != "" {
			for j, rm := range d.Reminders {
				if rm.Name == de.Reminder {
					path = fmt.Sprintf("%s.reminders[%d]", path, j)
					break
				}
			}
		}
		if de.Field != "" {
			path += "." + de.Field
		}
		return path
	}
	return "duties"
}

// scheduleMessage is the Chinese reason of a schedule error.
func scheduleMessage(err error) string {
	var de *DutyError
	if errors.As(err, &de) {
		return de.Msg
	}
	if safetybot.ErrorCode(err) == safetybot.EINVALID {
		return safetybot.ErrorMessage(err)
	}
	return "职责与提醒无法生成：" + safetybot.Truncate(err.Error(), 120)
}
