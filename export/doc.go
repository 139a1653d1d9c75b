package export

import (
	"fmt"
	"strings"
)

// Doc is a report as text: a title, a note under it and blocks in order,
// numbered the way official documents are (一、 （一） 1.). WriteDOCX
// lays it out as a Word document, WriteMarkdown as Markdown.
type Doc struct {
	Title    string
	Subtitle string // under the title, e.g. （统计部分·草稿）
	Note     string // how the figures were made; set in 楷体 under the title
	Blocks   []Block

	h1, h2, h3 int  // the current heading numbers
	landscape  bool // blocks added now go on landscape pages
}

// BlockKind is what a block is.
type BlockKind int

// Kinds of block.
const (
	BlockH1    BlockKind = iota + 1 // 一、 in 黑体
	BlockH2                         // （一） in 楷体
	BlockH3                         // 1. in 仿宋, bold
	BlockPara                       // body text, first line indented two characters
	BlockTable                      // a table with its caption
)

// Block is one heading, paragraph or table. Landscape blocks are laid out
// on landscape pages (a section of their own in Word).
type Block struct {
	Kind      BlockKind
	Text      string // the heading with its number, or the paragraph
	Table     *Table
	Landscape bool
}

// Table is a table of figures: a caption above, a header row, rows of
// cells (strings, as shown). Small is set for a wide table, printed in a
// smaller size.
type Table struct {
	Caption string
	Header  []string
	Rows    [][]string
	Small   bool
}

// Landscape puts the blocks added from now on landscape pages (true), or
// back on portrait ones (false): for a table too wide for A4 upright.
func (d *Doc) Landscape(on bool) { d.landscape = on }

func (d *Doc) add(b Block) {
	b.Landscape = d.landscape
	d.Blocks = append(d.Blocks, b)
}

var cnNumbers = []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}

// cnNumber writes 1…99 in Chinese numerals (十一, 二十三).
func cnNumber(n int) string {
	switch {
	case n <= 10:
		return cnNumbers[n]
	case n < 20:
		return "十" + cnNumbers[n-10]
	case n%10 == 0:
		return cnNumbers[n/10] + "十"
	}
	return cnNumbers[n/10] + "十" + cnNumbers[n%10]
}

// H1 adds a first-level heading, numbered 一、 二、 …
func (d *Doc) H1(text string) {
	d.h1++
	d.h2, d.h3 = 0, 0
	d.add(Block{Kind: BlockH1, Text: cnNumber(d.h1) + "、" + text})
}

// H2 adds a second-level heading, numbered （一） （二） … under its H1.
func (d *Doc) H2(text string) {
	d.h2++
	d.h3 = 0
	d.add(Block{Kind: BlockH2, Text: "（" + cnNumber(d.h2) + "）" + text})
}

// H3 adds a third-level heading, numbered 1. 2. … under its H2.
func (d *Doc) H3(text string) {
	d.h3++
	d.add(Block{Kind: BlockH3, Text: fmt.Sprintf("%d.%s", d.h3, text)})
}

// P adds a paragraph; formatted like fmt.Sprintf.
func (d *Doc) P(format string, args ...any) {
	d.add(Block{Kind: BlockPara, Text: fmt.Sprintf(format, args...)})
}

// T adds a table.
func (d *Doc) T(t *Table) { d.add(Block{Kind: BlockTable, Table: t}) }

// Text is the document's text, one block a line, tables as tab-separated
// rows: what a reader of the file sees, for tests and logs.
func (d *Doc) Text() string {
	var b strings.Builder
	b.WriteString(d.Title + "\n" + d.Subtitle + "\n" + d.Note + "\n")
	for _, bl := range d.Blocks {
		if bl.Table == nil {
			b.WriteString(bl.Text + "\n")
			continue
		}
		b.WriteString(bl.Table.Caption + "\n" + strings.Join(bl.Table.Header, "\t") + "\n")
		for _, r := range bl.Table.Rows {
			b.WriteString(strings.Join(r, "\t") + "\n")
		}
	}
	return b.String()
}
